package dev.flashline.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.protocol.Opcode;
import dev.flashline.protocol.Slip;
import dev.flashline.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** How the loader reads answers that a damaged line produces: statuses no loader sends, silence. */
class LoaderAnswersTest {
    /** Answers every request with the frame {@code answer} builds from the request's opcode (null: silence). */
    private static final class ScriptedDevice implements Transport {
        private final IntFunction<byte[]> answer;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        ScriptedDevice(IntFunction<byte[]> answer) {
            this.answer = answer;
        }

        @Override
        public String description() {
            return "scripted";
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            byte[] reply = answer.apply(data[offset + 2] & 0xFF); // C0 00 op ...
            if (reply != null) {
                pending.writeBytes(Slip.encode(reply));
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws java.io.IOException {
            byte[] bytes = pending.toByteArray();
            if (bytes.length == 0) {
                try {
                    Thread.sleep(Math.min(timeoutMillis, 50));
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return 0;
            }
            int n = Math.min(length, bytes.length);
            System.arraycopy(bytes, 0, buffer, offset, n);
            pending.reset();
            pending.write(bytes, n, bytes.length - n);
            return n;
        }

        @Override
        public void setBaudRate(int baud) {
        }

        @Override
        public int baudRate() {
            return 115200;
        }

        @Override
        public void flushInput() {
            pending.reset();
        }

        @Override
        public void close() {
        }
    }

    private static byte[] answer(int op, int status, int error) {
        return new byte[] {1, (byte) op, 2, 0, 0, 0, 0, 0, (byte) status, (byte) error};
    }

    @Test
    void aStatusNoLoaderSendsIsAGarbledAnswerNotADeviceErrorCode() {
        StubLoader stub = new StubLoader(new PacketLink(new ScriptedDevice(op -> answer(op, 0xCD, 0))));
        FlashlineException e = assertThrows(FlashlineException.class, () -> stub.writeReg(0x60000200, 1));
        assertEquals(ErrorCode.LINK_GARBLED, e.code(), e.getMessage());
        assertFalse(e.getMessage().contains("failed: error"), e.getMessage());
        assertTrue(e.getMessage().contains("WRITE_REG") && e.getMessage().contains("garbled"), e.getMessage());
    }

    @Test
    void aRealStubErrorStaysACommandFailure() {
        StubLoader stub = new StubLoader(new PacketLink(new ScriptedDevice(op -> answer(op, 0xC1, 0))));
        FlashlineException e = assertThrows(FlashlineException.class, () -> stub.flashDeflData(new byte[16], 16, 0, 16));
        CommandFailedException failed = assertInstanceOf(CommandFailedException.class, e);
        assertEquals(0xC1, failed.errorCode());
        assertTrue(e.getMessage().contains("bad data checksum"), e.getMessage());
    }

    @Test
    void aTimeoutOutsideAWriteDoesNotClaimWhatWasWritten() {
        StubLoader stub = new StubLoader(new PacketLink(new ScriptedDevice(op -> null)));
        FlashlineException e = assertThrows(FlashlineException.class, () -> stub.md5(0, 4096));
        assertEquals(ErrorCode.LINK_TIMEOUT, e.code());
        assertTrue(e.getMessage().contains(Opcode.name(Opcode.SPI_FLASH_MD5)), e.getMessage());
        assertFalse(e.hint().contains("written"), e.hint());
    }

    @Test
    void resyncFindsARunningStubBehindLateAnswers() {
        int[] calls = {0};
        StubLoader stub = new StubLoader(new PacketLink(new ScriptedDevice(op -> {
            calls[0]++;
            return op == Opcode.SYNC ? answer(op, 0, 0) : answer(Opcode.READ_REG, 0, 0); // stale answers first
        })));
        stub.link().send(new byte[] {0, (byte) Opcode.READ_REG, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        SyncObservation seen = Connector.resync(stub.link(), 2_000);
        assertTrue(seen.synced() && seen.stubRunning(), "a stub answers SYNC with value 0");
    }
}
