package dev.flashline.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortUrlTest {

    @Test
    void serialNamesStayAsGiven() throws Exception {
        for (String name : new String[] {"/dev/ttyUSB0", "/dev/pts/7", "COM3", "com12"}) {
            PortUrl url = PortUrl.parse(name);
            assertEquals(PortUrl.Kind.SERIAL, url.kind());
            assertEquals(name, url.path());
        }
    }

    @Test
    void networkForms() throws Exception {
        PortUrl s = PortUrl.parse("socket://127.0.0.1:5555");
        assertEquals(PortUrl.Kind.SOCKET, s.kind());
        assertEquals("127.0.0.1", s.host());
        assertEquals(5555, s.port());

        PortUrl r = PortUrl.parse("RFC2217://station-3.local:2217");
        assertEquals(PortUrl.Kind.RFC2217, r.kind());
        assertEquals("station-3.local", r.host());
        assertEquals(2217, r.port());

        PortUrl v6 = PortUrl.parse("socket://[::1]:4000");
        assertEquals("::1", v6.host());
        assertEquals(4000, v6.port());
    }

    @Test
    void badUrlsExplainTheForms() {
        for (String bad : new String[] {"", "  ", "socket://host", "socket://:80", "rfc2217://h:99999",
                "telnet://h:23", "socket://h:1/path", "rfc2217://h:1?ign_set_control"}) {
            TransportException e = assertThrows(TransportException.class, () -> PortUrl.parse(bad), bad);
            assertTrue(e.hint().contains("socket://HOST:PORT"), bad + " -> " + e.hint());
        }
    }

    @Test
    void hostPortWithoutSchemeSuggestsOne() {
        TransportException e = assertThrows(TransportException.class, () -> PortUrl.parse("localhost:5555"));
        assertTrue(e.hint().contains("socket://localhost:5555"), e.hint());
    }
}
