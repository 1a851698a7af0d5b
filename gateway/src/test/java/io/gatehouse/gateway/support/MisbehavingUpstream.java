package io.gatehouse.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP server that accepts connections but never answers HTTP properly: it either holds
 * each connection open in silence ({@link Behaviour#SILENT}) or reads the request's first bytes and
 * closes the connection before any response ({@link Behaviour#DROP}). {@link #close()} ends it and
 * every connection it holds.
 */
public final class MisbehavingUpstream implements AutoCloseable {

	public enum Behaviour {
		SILENT, DROP
	}

	private final ServerSocket server;

	private final Behaviour behaviour;

	private final List<Socket> held = new CopyOnWriteArrayList<>();

	public MisbehavingUpstream(Behaviour behaviour) {
		this.behaviour = behaviour;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "misbehaving-upstream-" + behaviour);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** A port on loopback where nothing listens (bound once and released). */
	public static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				if (this.behaviour == Behaviour.DROP) {
					InputStream in = socket.getInputStream();
					in.read(new byte[1024]);
					socket.close();
				}
				else {
					this.held.add(socket);
				}
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
			for (Socket socket : this.held) {
				socket.close();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
