package dev.channelbox.containers;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check the container tests make of every server's sockets, tried on this JVM's own: a socket on
 * the wildcard address is reported, one on 127.0.0.1 is not.
 */
class ListeningSocketsTest {

    @Test
    void aWildcardListenerIsReportedAndALoopbackOneIsNot() throws Exception {
        Assumptions.assumeTrue(ListeningSockets.available(), "no /proc/self/net/tcp on this machine");
        try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket wildcard = new ServerSocket(0, 1);
             DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress(0))) {
            List<ListeningSockets.Listener> all = ListeningSockets.of(ProcessHandle.current());
            List<ListeningSockets.Listener> exposed = ListeningSockets.notOnLoopback(ProcessHandle.current());
            int udpPort = ((InetSocketAddress) udp.getLocalAddress()).getPort();

            assertTrue(all.stream().anyMatch(l -> l.port() == loopback.getLocalPort() && l.isLoopback()), all::toString);
            assertFalse(exposed.stream().anyMatch(l -> l.port() == loopback.getLocalPort()), exposed::toString);
            assertTrue(exposed.stream().anyMatch(l -> l.port() == wildcard.getLocalPort()
                    && l.protocol().startsWith("tcp") && l.address().isAnyLocalAddress()), exposed::toString);
            assertTrue(exposed.stream().anyMatch(l -> l.port() == udpPort && l.protocol().startsWith("udp")), exposed::toString);
        }
    }

    @Test
    void procAddressesAreWordsInTheMachinesByteOrder() throws Exception {
        Assumptions.assumeTrue(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(InetAddress.getByName("127.0.0.1"), ListeningSockets.address("0100007F"));
        assertEquals(InetAddress.getByName("::1"), ListeningSockets.address("00000000000000000000000001000000"));
        // IPv4-mapped: a Java socket bound to 127.0.0.1 on a dual-stack tcp6 socket
        assertEquals(InetAddress.getByName("127.0.0.1"), ListeningSockets.address("0000000000000000FFFF00000100007F"));
        assertTrue(ListeningSockets.address("00000000000000000000000000000000").isAnyLocalAddress());
    }

    @Test
    void onlyListeningRowsOfTheProcessesOwnSocketsCount() {
        Assumptions.assumeTrue(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN);
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 00000000:1A0C 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0",
                "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 222 1 0",
                "   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 333 1 0",
                "   3: 00000000:1A0D 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 444 1 0");
        List<ListeningSockets.Listener> found = ListeningSockets.parse("tcp", table, Set.of(111L, 222L, 333L), 7);
        assertEquals("[tcp 0.0.0.0:6668 (pid 7), tcp 127.0.0.1:8080 (pid 7)]", found.toString());
    }
}
