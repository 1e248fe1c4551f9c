package dev.flashline.loader;

import dev.flashline.protocol.Opcode;
import dev.flashline.protocol.Packets;
import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.transport.Transport;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Gets from an open port to a loader session: reset into download mode, SYNC (which also lets the
 * ROM auto-detect the baud rate), and tell a ROM from a stub that is already running.
 */
public final class Connector {
    /** SYNC payload: 07 07 12 20 followed by 32 bytes of 0x55 (the ROM's auto-baud pattern). */
    static final byte[] SYNC_DATA = syncData();
    private static final int SYNC_TRIES_PER_ATTEMPT = 5;
    private static final int ATTEMPTS = 4;
    private static final long WAIT_POLL_MS = 200;
    private static final long RESYNC_QUIET_MS = 150;
    private static final long RESYNC_ANSWER_MS = 300;

    private Connector() {
    }

    /**
     * Connects on an open transport. With {@link ResetStrategy#WAIT} it keeps trying until
     * {@code waitMillis} (0: forever); otherwise it makes a few attempts.
     *
     * @throws DeviceUnreachableException with a diagnosis when nothing synced
     * @throws FlashlineException {@link ErrorCode#LINK_CLOSED} when the link itself went away (the
     *         caller may reopen it), {@link ErrorCode#INTERRUPTED} when the thread was interrupted
     */
    public static Loader connect(Transport transport, ResetStrategy reset, long waitMillis, Consumer<String> log) {
        return connect(transport, reset, waitMillis, log, Loader.ROM_BAUD);
    }

    /**
     * Like {@link #connect(Transport, ResetStrategy, long, Consumer)}, but where the transport sets
     * the line rate, SYNC is tried at {@code targetBaud} first: the ROM detects the rate from the
     * SYNC frame, so the stub is uploaded at speed and no baud change is needed. Attempts alternate
     * with 115200, where every ROM answers. The loader's {@link Loader#baud()} tells which rate won.
     */
    public static Loader connect(Transport transport, ResetStrategy reset, long waitMillis, Consumer<String> log,
                                 int targetBaud) {
        PacketLink link = new PacketLink(transport);
        long deadline = waitMillis > 0 ? System.currentTimeMillis() + waitMillis : Long.MAX_VALUE;
        SyncObservation seen;
        boolean atSpeed = targetBaud != Loader.ROM_BAUD && transport.setsLineRate();
        for (int attempt = 0; ; attempt++) {
            if (Thread.currentThread().isInterrupted()) { // the caller is stopping: no more attempts
                throw Links.interrupted(new InterruptedException(), "while connecting on " + transport.description());
            }
            setBaud(transport, atSpeed && attempt % 2 == 0 ? targetBaud : Loader.ROM_BAUD);
            if (reset == ResetStrategy.DEFAULT_RESET) {
                pulseIntoDownloadMode(transport, attempt);
            }
            seen = sync(link, SYNC_TRIES_PER_ATTEMPT);
            if (seen.synced()) {
                link.flushInput();
                return seen.stubRunning() ? new StubLoader(link) : new RomLoader(link, seen.statusLength());
            }
            if (reset != ResetStrategy.WAIT) {
                if (attempt + 1 >= ATTEMPTS) {
                    break;
                }
            } else {
                if (attempt == 0) {
                    log.accept("Waiting for a device in download mode on " + transport.description()
                            + " (hold the button / GPIO0 low while powering up)...");
                }
                if (System.currentTimeMillis() > deadline) {
                    break;
                }
                sleep(WAIT_POLL_MS, transport);
            }
        }
        throw new DeviceUnreachableException(transport.description(), LinkDiagnosis.explain(seen, transport.description()));
    }

    private static void setBaud(Transport transport, int baud) {
        try {
            transport.setBaudRate(baud);
        } catch (IOException e) {
            throw Links.failure(e, transport.description());
        }
    }

    private static void sleep(long millis, Transport transport) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw Links.interrupted(e, "while connecting on " + transport.description());
        }
    }

    /**
     * Sends SYNC up to {@code tries} times. The ROM answers one SYNC with several responses whose
     * value is non-zero; a running stub answers with value 0.
     */
    public static SyncObservation sync(PacketLink link, int tries) {
        byte[] request = Packets.request(Opcode.SYNC, SYNC_DATA, 0);
        boolean echo = false;
        link.flushInput();
        for (int i = 0; i < tries; i++) {
            link.send(request);
            long deadline = System.currentTimeMillis() + Timeouts.SYNC_MS;
            byte[] frame;
            while ((frame = link.receive(Math.max(1, deadline - System.currentTimeMillis()))) != null) {
                if (Arrays.equals(frame, request)) {
                    echo = true;
                } else if (isSyncAnswer(frame)) {
                    int statusLength = (frame[2] & 0xFF) | (frame[3] & 0xFF) << 8;
                    boolean stub = Packets.u32(frame, 4) == 0;
                    drainSyncAnswers(link);
                    return new SyncObservation(true, echo, link.bytesReceived(), link.strayBytes(),
                            statusLength >= 4 ? 4 : 2, stub);
                }
                if (System.currentTimeMillis() >= deadline) {
                    break;
                }
            }
        }
        return new SyncObservation(false, echo, link.bytesReceived(), link.strayBytes(), 2, false);
    }

    /**
     * Gets back in step with a loader that is already talking to us, after a damaged or missing
     * answer: wait until the line falls silent (late answers, the rest of a read stream), drop what
     * arrived, then SYNC until an answer comes (a running stub answers SYNC too; a stub streaming a
     * read takes the SYNC as the end of the stream). Gives up after {@code withinMillis}.
     */
    public static SyncObservation resync(PacketLink link, long withinMillis) {
        long deadline = System.currentTimeMillis() + withinMillis;
        awaitSilence(link, RESYNC_QUIET_MS, Math.max(RESYNC_QUIET_MS, withinMillis / 3));
        link.flushInput();
        byte[] request = Packets.request(Opcode.SYNC, SYNC_DATA, 0);
        while (System.currentTimeMillis() < deadline) {
            link.send(request);
            long answerBy = Math.min(deadline, System.currentTimeMillis() + RESYNC_ANSWER_MS);
            byte[] frame;
            while ((frame = link.receive(Math.max(1, answerBy - System.currentTimeMillis()))) != null) {
                if (isSyncAnswer(frame)) {
                    int statusLength = (frame[2] & 0xFF) | (frame[3] & 0xFF) << 8;
                    boolean stub = Packets.u32(frame, 4) == 0;
                    awaitSilence(link, RESYNC_QUIET_MS, withinMillis);
                    link.flushInput();
                    return new SyncObservation(true, false, link.bytesReceived(), link.strayBytes(),
                            statusLength >= 4 ? 4 : 2, stub);
                }
                if (System.currentTimeMillis() >= answerBy) {
                    break;
                }
            }
        }
        return new SyncObservation(false, false, link.bytesReceived(), link.strayBytes(), 2, false);
    }

    /** Reads and drops everything until nothing arrived for {@code quietMillis} (or {@code maxMillis} passed). */
    private static void awaitSilence(PacketLink link, long quietMillis, long maxMillis) {
        long end = System.currentTimeMillis() + maxMillis;
        long seen = link.bytesReceived();
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < end) {
            link.receive(Math.min(quietMillis, Math.max(1, end - System.currentTimeMillis())));
            if (link.bytesReceived() != seen) {
                seen = link.bytesReceived();
                quietSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - quietSince >= quietMillis) {
                return;
            }
        }
    }

    private static boolean isSyncAnswer(byte[] frame) {
        return frame.length >= 10 && frame[0] == 0x01 && (frame[1] & 0xFF) == Opcode.SYNC
                && frame[frame.length - ((frame[2] & 0xFF) >= 4 ? 4 : 2)] == 0;
    }

    /** The ROM sends more answers to the same SYNC; they must not be taken for later answers. */
    private static void drainSyncAnswers(PacketLink link) {
        while (link.receive(Timeouts.SYNC_MS / 2) != null) {
            // discard
        }
    }

    /**
     * Classic auto-reset circuit: RTS drives EN, DTR drives GPIO0 (both inverted). EN low with
     * GPIO0 high, then EN high with GPIO0 low, boots the ROM into download mode. Later attempts
     * hold reset longer, for boards with big capacitors on EN.
     */
    static void pulseIntoDownloadMode(Transport transport, int attempt) {
        if (!transport.hasControlLines()) {
            return;
        }
        try {
            transport.setDtr(false);
            transport.setRts(true);
            sleep(100L + (attempt % 2) * 300L, transport);
            transport.setDtr(true);
            transport.setRts(false);
            sleep(50, transport);
            transport.setDtr(false);
        } catch (IOException e) {
            throw Links.failure(e, transport.description());
        }
    }

    private static byte[] syncData() {
        byte[] data = new byte[36];
        data[0] = 0x07;
        data[1] = 0x07;
        data[2] = 0x12;
        data[3] = 0x20;
        Arrays.fill(data, 4, 36, (byte) 0x55);
        return data;
    }
}
