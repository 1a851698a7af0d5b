package io.gatehouse.gateway.connections;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import reactor.netty.NettyPipeline;

/**
 * Deadlines for what a client sends on one HTTP/1.1 connection, which, unlike Netty's idle timeout,
 * do not restart with every byte:
 * <ul>
 * <li>a request's line and headers must be complete {@code timeout} after their first byte, or the
 * client is answered 408 and disconnected (a slowloris client sending a header byte at a time);</li>
 * <li>a request body that is still arriving when its response is complete (a 401 or 413 answered
 * before the body was read) is drained for at most {@code timeout}, then the connection is closed
 * (Netty would otherwise read and discard it to its end, however long).</li>
 * </ul>
 * Invariant: at most one deadline is scheduled per connection, and only while request headers are
 * incomplete or an answered request's body is still arriving.
 * <p>
 * Two handlers share the state: {@link #bytes()} sits before Netty's HTTP codec and sees the first
 * raw byte of a request; {@link #messages()} sits after it and sees decoded requests, the end of
 * their bodies and the end of each response.
 */
final class RequestDeadlines {

	static final String BYTES = "gatehouse.requestDeadline.bytes";

	static final String MESSAGES = "gatehouse.requestDeadline.messages";

	private static final byte[] TIMED_OUT = ("{\"error\":\"invalid_request\","
			+ "\"error_description\":\"request headers were not received in time\"}")
		.getBytes(StandardCharsets.UTF_8);

	private final long timeoutNanos;

	/** Requests whose headers were decoded and whose response is not complete yet. */
	private int inFlight;

	/** Whether the last decoded request's body has not ended yet. */
	private boolean bodyOpen;

	/** Whether a request's first bytes arrived and its headers have not been decoded yet. */
	private boolean readingHeaders;

	private ScheduledFuture<?> deadline;

	private RequestDeadlines(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	/** Adds the deadlines to a new connection's pipeline, around its HTTP/1.1 codec. */
	static void install(ChannelPipeline pipeline, Duration timeout) {
		if (pipeline.get(NettyPipeline.HttpCodec) == null) {
			return;
		}
		RequestDeadlines state = new RequestDeadlines(timeout);
		pipeline.addBefore(NettyPipeline.HttpCodec, BYTES, state.bytes());
		pipeline.addAfter(NettyPipeline.HttpCodec, MESSAGES, state.messages());
	}

	ChannelInboundHandlerAdapter bytes() {
		return new ChannelInboundHandlerAdapter() {
			@Override
			public void channelRead(ChannelHandlerContext ctx, Object msg) {
				if (msg instanceof ByteBuf buffer && buffer.isReadable()) {
					requestBytesArrived(ctx);
				}
				ctx.fireChannelRead(msg);
			}

			@Override
			public void channelInactive(ChannelHandlerContext ctx) {
				cancel();
				ctx.fireChannelInactive();
			}
		};
	}

	ChannelDuplexHandler messages() {
		return new ChannelDuplexHandler() {
			@Override
			public void channelRead(ChannelHandlerContext ctx, Object msg) {
				if (msg instanceof HttpRequest) {
					headersDecoded(msg instanceof LastHttpContent);
				}
				else if (msg instanceof LastHttpContent) {
					bodyEnded();
				}
				ctx.fireChannelRead(msg);
			}

			@Override
			public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
				boolean informational = msg instanceof HttpResponse response
						&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
				if (msg instanceof LastHttpContent && !informational) {
					ctx.write(msg, promise.unvoid()).addListener((future) -> responseCompleted(ctx));
					return;
				}
				ctx.write(msg, promise);
			}
		};
	}

	private void requestBytesArrived(ChannelHandlerContext ctx) {
		if (this.inFlight == 0 && !this.bodyOpen && !this.readingHeaders) {
			this.readingHeaders = true;
			schedule(ctx, () -> headersTimedOut(ctx));
		}
	}

	private void headersDecoded(boolean wholeRequest) {
		this.readingHeaders = false;
		this.inFlight++;
		this.bodyOpen = !wholeRequest;
		cancel();
	}

	private void bodyEnded() {
		this.bodyOpen = false;
		if (this.inFlight == 0) {
			// A drain that finished in time: the connection can serve the next request.
			cancel();
		}
	}

	private void responseCompleted(ChannelHandlerContext ctx) {
		if (this.inFlight > 0) {
			this.inFlight--;
		}
		if (this.inFlight == 0 && this.bodyOpen && ctx.channel().isActive()) {
			schedule(ctx, () -> ctx.channel().close());
		}
	}

	private void schedule(ChannelHandlerContext ctx, Runnable action) {
		cancel();
		this.deadline = ctx.executor().schedule(() -> {
			this.deadline = null;
			action.run();
		}, this.timeoutNanos, TimeUnit.NANOSECONDS);
	}

	private void cancel() {
		if (this.deadline != null) {
			this.deadline.cancel(false);
			this.deadline = null;
		}
	}

	private void headersTimedOut(ChannelHandlerContext ctx) {
		ChannelHandlerContext afterCodec = ctx.pipeline().context(MESSAGES);
		if (!this.readingHeaders || afterCodec == null || !ctx.channel().isActive()) {
			return;
		}
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
				HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(TIMED_OUT));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, TIMED_OUT.length)
			.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		// Written from after the codec, so that it is encoded; the half-read request is abandoned.
		afterCodec.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

}
