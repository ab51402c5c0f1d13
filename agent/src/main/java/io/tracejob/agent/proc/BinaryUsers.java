package io.tracejob.agent.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which processes map a given file now, by its device and inode in {@code /proc/<pid>/maps} — the
 * processes a binary-wide uprobe on that file would trap in. Processes whose maps we may not read
 * are skipped.
 */
public final class BinaryUsers {
    private static final Path PROC = Path.of("/proc");

    private BinaryUsers() {}

    public static Set<Integer> of(Path file) throws IOException {
        long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
        long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        String wantedDev = String.format("%02x:%02x", major(dev), minor(dev));
        String wantedIno = " " + ino + " ";
        Set<Integer> users = new TreeSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path d : dirs) {
                String maps;
                try {
                    maps = Files.readString(d.resolve("maps"));
                } catch (IOException | SecurityException e) {
                    continue; // exited, or not ours to read
                }
                if (maps.contains(wantedIno) && mapsFile(maps, wantedDev, ino))
                    users.add(Integer.parseInt(d.getFileName().toString()));
            }
        }
        return users;
    }

    static boolean mapsFile(String maps, String dev, long ino) {
        for (String line : maps.split("\n")) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length >= 5 && f[3].equals(dev) && f[4].equals(Long.toString(ino))) return true;
        }
        return false;
    }

    /** glibc's gnu_dev_major / gnu_dev_minor */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }
}
