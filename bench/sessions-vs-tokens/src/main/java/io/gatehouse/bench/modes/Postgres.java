package io.gatehouse.bench.modes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of every PostgreSQL process on the machine, from /proc. */
final class Postgres {

	private Postgres() {
	}

	static long cpuMillis() {
		long total = 0;
		try (var dirs = Files.list(Path.of("/proc"))) {
			for (Path dir : dirs.toList()) {
				String name = dir.getFileName().toString();
				if (name.chars().allMatch(Character::isDigit)) {
					try {
						if (Files.readString(dir.resolve("comm")).trim().startsWith("postgres")) {
							total += JavaProcess.cpuMillis(Long.parseLong(name));
						}
					}
					catch (IOException | RuntimeException ex) {
						// the process ended
					}
				}
			}
		}
		catch (IOException ex) {
			return 0;
		}
		return total;
	}

}
