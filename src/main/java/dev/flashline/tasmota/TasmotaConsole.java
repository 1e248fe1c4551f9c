package dev.flashline.tasmota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.Links;
import dev.flashline.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Tasmota's serial console as a client sees it, in every dialect from 6.x to the current
 * releases: the boot log (recognised by its "Project ... Version" line whatever the DeviceName),
 * commands typed as text lines, answers logged as {@code RSL: RESULT = {...}},
 * {@code RSL: stat/<topic>/RESULT = {...}} or {@code MQT: stat/<topic>/RESULT = {...}}, and the
 * Wi-Fi and MQTT lines that say whether the device got online and, if not, why.
 *
 * <p>Every line is masked ({@link ConsoleMasking}) as soon as it is read: the log sink, the
 * events, the answers and the exception messages never see a Wi-Fi or MQTT password, although
 * the device echoes them in clear.
 */
public final class TasmotaConsole {
    /** Answers to commands: RESULT, or STATUS/STATUSn for Status. Other publishes (STATE, LWT, INFO) are not answers. */
    private static final Pattern ANSWER_NAME = Pattern.compile("RESULT|STATUS\\d*");
    /** How often awaitOnline looks at the supplier while no line arrives. */
    private static final long ONLINE_POLL_MILLIS = 100;

    private final Transport transport;
    private final ConsoleLineReader lines;
    private final Consumer<String> log;
    private final ConsoleWatch watch = new ConsoleWatch();

    /** {@code log} receives every console line, already masked. */
    public TasmotaConsole(Transport transport, Consumer<String> log) {
        this(transport, log, new byte[0]);
    }

    /**
     * @param alreadyReceived the firmware's first console bytes when the boot loader's reader took
     *                        them off the link with its last answer (the boot log follows the
     *                        "run user code" reply at once); read before anything from the transport
     */
    public TasmotaConsole(Transport transport, Consumer<String> log, byte[] alreadyReceived) {
        this.transport = transport;
        this.lines = new ConsoleLineReader(transport, alreadyReceived.clone());
        this.log = log;
    }

    /** What the console has shown so far: boot, Wi-Fi, MQTT, network. */
    public ConsoleWatch watch() {
        return watch;
    }

    /** Waits for the boot line and returns the version with its image, e.g. "9.4.0.5(tasmota)". */
    public String awaitBoot(long timeoutMillis) {
        return awaitBooted(timeoutMillis).version();
    }

    /**
     * Waits for the next boot line (after a restart: the new one). Throws with the device's own
     * output (an exception dump, the ROM's boot line) when none comes.
     */
    public ConsoleEvent.Booted awaitBooted(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        ConsoleEvent event;
        while ((event = nextEvent(deadline)) != null) {
            if (event instanceof ConsoleEvent.Booted booted) {
                return booted;
            }
        }
        ConsoleWatch noBoot = new ConsoleWatch();
        watch.recentLines().forEach(l -> noBoot.accept(ConsoleClassifier.classify(l)));
        ConsoleFailure failure = noBoot.failureAtTimeout(timeoutMillis);
        throw FlashlineException.deviceFailed("The device did not boot Tasmota: " + failure.message(), failure.hint());
    }

    /**
     * Sends one console command (a Backlog counts its sub-commands) and returns the JSON answers,
     * in order, secret values masked. Each answer has the command's name as its first key.
     */
    public List<JsonNode> send(String command, long timeoutMillis) {
        int expected = expectedAnswers(command);
        try {
            transport.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw Links.failure(e, transport.description());
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<JsonNode> answers = new ArrayList<>();
        ConsoleEvent event;
        while (answers.size() < expected && (event = nextEvent(deadline)) != null) {
            if (event instanceof ConsoleEvent.Answer answer && ANSWER_NAME.matcher(answer.name()).matches()) {
                answers.add(answer.json());
            }
        }
        if (answers.size() < expected) {
            throw FlashlineException.deviceFailed("Tasmota answered " + answers.size() + " of " + expected
                    + " console commands in time", "Check the serial link; run the device's configuration step again.");
        }
        return answers;
    }

    /** Asks Status 5 (network) and Status 11 (Wi-Fi signal) and returns all that is known. */
    public NetworkInfo queryNetwork(long timeoutMillis) {
        send("Status 5", timeoutMillis);
        send("Status 11", timeoutMillis);
        return watch.network();
    }

    /**
     * Keeps reading the console until the device is online — the console says "MQT: Connected"
     * or {@code onlineElsewhere} (e.g. the retained LWT seen on the broker) says so — or it has
     * settled on a failure, or the time is up. Never throws for the device's failures: they come
     * back as the result's {@link ConsoleFailure}.
     */
    public OnlineResult awaitOnline(long timeoutMillis, BooleanSupplier onlineElsewhere) {
        return awaitUntil(watch::online, timeoutMillis, onlineElsewhere);
    }

    /**
     * Like {@link #awaitOnline}, but done as soon as the device has joined the Wi-Fi ("WIF:
     * Connected" in a boot with no restart pending): the result's {@code online} then means "on
     * the Wi-Fi". A failure is a Wi-Fi one (or "boot" when no boot line came).
     */
    public OnlineResult awaitOnWifi(long timeoutMillis, BooleanSupplier onlineElsewhere) {
        return awaitUntil(() -> watch.onWifi() || watch.online(), timeoutMillis, onlineElsewhere);
    }

    private OnlineResult awaitUntil(BooleanSupplier reached, long timeoutMillis, BooleanSupplier onlineElsewhere) {
        long start = System.currentTimeMillis();
        long deadline = start + timeoutMillis;
        while (true) {
            if (reached.getAsBoolean() || onlineElsewhere.getAsBoolean()) {
                return new OnlineResult(true, watch.network(), Optional.empty());
            }
            Optional<ConsoleFailure> settled = watch.settledFailure();
            if (settled.isPresent()) {
                return new OnlineResult(false, watch.network(), settled);
            }
            long now = System.currentTimeMillis();
            if (now >= deadline) {
                return new OnlineResult(false, watch.network(),
                        Optional.of(watch.failureAtTimeout(now - start)));
            }
            nextEvent(Math.min(deadline, now + ONLINE_POLL_MILLIS));
        }
    }

    /** What {@link #awaitOnline} found; {@code failure} is present exactly when not online. */
    public record OnlineResult(boolean online, NetworkInfo network, Optional<ConsoleFailure> failure) {
    }

    /** The next line's event, or null when no line arrived before {@code deadlineMillis} (epoch ms). */
    public ConsoleEvent nextEvent(long deadlineMillis) {
        String raw;
        try {
            raw = lines.nextLine(deadlineMillis);
        } catch (IOException e) {
            throw Links.failure(e, transport.description());
        }
        if (raw == null) {
            return null;
        }
        ConsoleEvent event = ConsoleClassifier.classify(raw);
        log.accept(event.line().text());
        watch.accept(event);
        return event;
    }

    static int expectedAnswers(String command) {
        String trimmed = command.trim();
        if (trimmed.regionMatches(true, 0, "Backlog", 0, 7)) {
            String rest = trimmed.substring(7).trim();
            int count = 0;
            for (String part : rest.split(";")) {
                if (!part.isBlank()) {
                    count++;
                }
            }
            return Math.max(count, 1);
        }
        return 1;
    }
}
