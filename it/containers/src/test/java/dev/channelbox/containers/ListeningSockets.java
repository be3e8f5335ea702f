package dev.channelbox.containers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sockets a process tree listens on, read from Linux's {@code /proc} (no {@code ss} or
 * {@code netstat} needed): TCP sockets in LISTEN and unconnected UDP sockets (which receive from
 * anyone), from {@code /proc/<pid>/net/{tcp,tcp6,udp,udp6}}, kept when their inode is one of the
 * process's open file descriptors ({@code /proc/<pid>/fd/* -> socket:[inode]}).
 *
 * <p>Why: the container tests start application servers whose defaults listen on every interface
 * (Payara Micro's data grid on {@code *:6900}, its HTTP listener on {@code 0.0.0.0}); a test run must
 * not open the machine to its network, so each test checks that every listener is on loopback.
 */
final class ListeningSockets {

    /** One listening socket: protocol ("tcp", "udp6"...), local address and port, owning pid. */
    record Listener(String protocol, InetAddress address, int port, long pid) {

        boolean isLoopback() {
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            String host = address.getHostAddress();
            return protocol + " " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + " (pid " + pid + ")";
        }
    }

    private static final String TCP_LISTEN = "0A";
    private static final String UDP_UNCONNECTED = "07";

    private ListeningSockets() {
    }

    /** Whether this machine has the {@code /proc} files the check reads. */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/net/tcp"));
    }

    /** The listeners of {@code root} and of its descendants (a start script's JVM is a child). */
    static List<Listener> of(ProcessHandle root) throws IOException {
        List<ProcessHandle> processes = new ArrayList<>(root.descendants().toList());
        processes.add(0, root);
        List<Listener> all = new ArrayList<>();
        for (ProcessHandle p : processes) {
            Set<Long> inodes = socketInodes(p.pid());
            if (inodes.isEmpty()) {
                continue;
            }
            for (String protocol : List.of("tcp", "tcp6", "udp", "udp6")) {
                Path table = Path.of("/proc", String.valueOf(p.pid()), "net", protocol);
                if (Files.isReadable(table)) {
                    all.addAll(parse(protocol, Files.readAllLines(table), inodes, p.pid()));
                }
            }
        }
        return all;
    }

    /** The listeners of {@code root}'s tree that are not on a loopback address. */
    static List<Listener> notOnLoopback(ProcessHandle root) throws IOException {
        return of(root).stream().filter(l -> !l.isLoopback()).toList();
    }

    /** The inodes of the sockets among {@code pid}'s file descriptors (empty if it has ended). */
    private static Set<Long> socketInodes(long pid) {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away between the listing and the read
                }
            }
        } catch (IOException ended) {
            // the process ended, or is not ours to read
        }
        return inodes;
    }

    /**
     * The rows of one {@code /proc/net} table in the listening state whose inode is in {@code inodes}.
     * A row: {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...}.
     */
    static List<Listener> parse(String protocol, List<String> lines, Set<Long> inodes, long pid) {
        String listening = protocol.startsWith("tcp") ? TCP_LISTEN : UDP_UNCONNECTED;
        List<Listener> found = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) { // the first is a header
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[3].equals(listening) || !inodes.contains(Long.parseLong(f[9]))) {
                continue;
            }
            String[] local = f[1].split(":");
            found.add(new Listener(protocol, address(local[0]), Integer.parseInt(local[1], 16), pid));
        }
        return found;
    }

    /**
     * An address as {@code /proc/net} writes it: the 4 (IPv4) or 16 (IPv6) bytes in 32-bit words, each
     * word in the machine's byte order (little-endian on x86 and arm64, where 127.0.0.1 is {@code 0100007F}).
     */
    static InetAddress address(String hex) {
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + i) * 2;
                bytes[word * 4 + (little ? 3 - i : i)] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes); // an IPv4-mapped IPv6 address comes back as IPv4
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + hex, e);
        }
    }
}
