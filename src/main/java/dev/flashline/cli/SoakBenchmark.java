package dev.flashline.cli;

import dev.flashline.events.LineEvent;
import dev.flashline.pipeline.EmbeddedBroker;
import dev.flashline.pipeline.ProvisioningLine;
import dev.flashline.station.OperatorView;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * `benchmark --soak N`: a station that runs all day, compressed. The real line (routes/, config/,
 * the same code path as {@code run --simulate}) watches a jig of a few ports on which N virtual
 * Sonoffs appear one after another ({@link SoakStation}), while {@link ForeignTraffic} keeps the
 * broker busy with other devices' and other systems' messages. Heap after GC, live threads and
 * open file descriptors are sampled throughout and compared at start, middle and end; per-device
 * time of the first tenth of the devices against the last tenth. A figure that keeps growing is a
 * leak: the benchmark then exits 1, as it does when a device was not provisioned.
 */
final class SoakBenchmark {
    /**
     * @param foreignLimit stop the foreign traffic after this many messages (0: until the soak ends)
     * @param mqttUrl      a broker to use instead of the embedded one (mqtt://HOST:PORT), or null
     */
    record Settings(int devices, int ports, int foreignRate, long foreignLimit, String mqttUrl, long gapMillis,
                    long sampleMillis, Path configDir, Path routesDir, long timeoutSeconds) {
    }

    /** What the soak measured; {@code exitCode} 1 when a leak is evident or a device was not provisioned. */
    record Result(int exitCode, int provisioned, int failed, long foreignPublished, JvmSample before, JvmSample start,
                  JvmSample middle, JvmSample end, JvmSample after, List<SoakVerdict> verdicts, Map<String, Object> figures) {
    }

    /** A finished device, in the order the line finished them. */
    private record Done(String status, double seconds) {
    }

    private final Output output;
    private final Settings settings;

    SoakBenchmark(Output output, Settings settings) {
        this.output = output;
        this.settings = settings;
    }

    Result run() throws Exception {
        Path work = Files.createTempDirectory("flashline-soak");
        try {
            return run(work);
        } finally {
            TempFolders.delete(work);
        }
    }

    private Result run(Path work) throws Exception {
        int n = settings.devices();
        JvmSample before = JvmSample.take(0, 0);
        EmbeddedBroker broker = settings.mqttUrl() == null ? new EmbeddedBroker() : null;
        String brokerUrl = settings.mqttUrl() != null ? settings.mqttUrl() : "mqtt://127.0.0.1:" + broker.port();
        output.info(String.format("Soak: %d virtual Sonoffs through %d port(s), one after another on each (unthrottled:"
                        + " no UART or flash timing; %d ms between a device leaving and the next appearing), %s broker %s,"
                        + " %d foreign messages/s; sampled every %.1f s", n, settings.ports(), settings.gapMillis(),
                broker != null ? "embedded" : "external", brokerUrl, settings.foreignRate(), settings.sampleMillis() / 1000.0));
        List<Done> done = Collections.synchronizedList(new ArrayList<>());
        List<JvmSample> samples = Collections.synchronizedList(new ArrayList<>());
        SoakStation jig = new SoakStation(settings.ports(), settings.gapMillis());
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        int pagePort = EmbeddedBroker.freePort();
        OperatorView view = new OperatorView(new OperatorView.Options(OperatorView.Mode.QUIET, pagePort, nowhere, nowhere));
        view.bus().subscribe(e -> {
            if (e instanceof LineEvent.DeviceDone d) {
                done.add(new Done(d.device().status(), d.device().seconds()));
                jig.deviceDone(d.port());
            }
        });
        int subscribersBefore = view.bus().subscriberCount(); // the station state and the jig above
        java.util.concurrent.atomic.AtomicInteger mostSubscribers = new java.util.concurrent.atomic.AtomicInteger();
        long t0 = System.nanoTime();
        Map<String, Integer> groupsAtStart = new LinkedHashMap<>();
        int warm = Math.min(settings.ports(), n);
        Thread sampler = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(settings.sampleMillis());
                    mostSubscribers.accumulateAndGet(view.bus().subscriberCount(), Math::max);
                    JvmSample s = JvmSample.take((System.nanoTime() - t0) / 1e9, done.size());
                    samples.add(s);
                    synchronized (groupsAtStart) {
                        if (groupsAtStart.isEmpty() && s.done() >= warm) {
                            groupsAtStart.putAll(JvmSample.threadGroups());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "soak-sampler");
        sampler.setDaemon(true);
        JvmSample end;
        Map<String, Integer> groupsAtEnd;
        long published;
        long retained;
        long lost;
        int subscribersAfter;
        long pageVisits;
        try (ForeignTraffic foreign = new ForeignTraffic(pahoUri(brokerUrl), settings.foreignRate(), settings.foreignLimit());
             PageViewers viewers = new PageViewers(pagePort)) {
            sampler.start();
            Path config = configCopy(work.resolve("config"), brokerUrl);
            try (ProvisioningLine.Outcome outcome = ProvisioningLine.run(new ProvisioningLine.Options(config,
                    settings.routesDir(), work.resolve("data"), 0, n, jig, settings.timeoutSeconds(), System.getenv(), nowhere), view)) {
                sampler.interrupt();
                sampler.join(10_000);
                end = JvmSample.take((System.nanoTime() - t0) / 1e9, done.size());
                groupsAtEnd = JvmSample.threadGroups();
                viewers.close();
                pageVisits = viewers.visits();
                Thread.sleep(1_000); // the page sees the last phone hang up
                subscribersAfter = view.bus().subscriberCount();
            }
            published = foreign.published();
            retained = foreign.retained();
            lost = foreign.lost();
        } finally {
            sampler.interrupt();
            if (broker != null) {
                broker.close();
            }
        }
        Thread.sleep(2_000); // threads that were told to stop get to end
        JvmSample after = JvmSample.take((System.nanoTime() - t0) / 1e9, done.size());
        output.info(String.format("  station page: %d visits (live event stream for a moment, then the state); event-bus"
                        + " subscribers %d before the line, up to %d at a sample, %d once the last visitor left", pageVisits,
                subscribersBefore, mostSubscribers.get(), subscribersAfter));
        Result result = report(before, new ArrayList<>(samples), end, after, new ArrayList<>(done), published, retained, lost,
                groupsAtStart, groupsAtEnd);
        SoakVerdict bus = new SoakVerdict("event-bus subscribers", subscribersAfter <= subscribersBefore
                ? "released: " + subscribersAfter + " (before the line: " + subscribersBefore + ")"
                : "NOT released: " + subscribersAfter + " (before the line: " + subscribersBefore + "): LEAK", subscribersAfter > subscribersBefore);
        output.info(String.format("verdict %-30s %s", bus.figure() + ":", bus.text()));
        List<SoakVerdict> verdicts = new ArrayList<>(result.verdicts());
        verdicts.add(bus);
        result.figures().put("verdicts", verdicts.stream().map(v -> v.figure() + ": " + v.text()).toList());
        result.figures().put("pageVisits", pageVisits);
        result.figures().put("eventBusSubscribers", List.of(subscribersBefore, subscribersAfter));
        return new Result(bus.leak() ? 1 : result.exitCode(), result.provisioned(), result.failed(), result.foreignPublished(),
                result.before(), result.start(), result.middle(), result.end(), result.after(), verdicts, result.figures());
    }

    private Result report(JvmSample before, List<JvmSample> samples, JvmSample end, JvmSample after, List<Done> done,
                          long published, long retained, long lost, Map<String, Integer> groupsAtStart,
                          Map<String, Integer> groupsAtEnd) {
        int n = settings.devices();
        int warm = Math.min(settings.ports(), n);
        List<JvmSample> run = new ArrayList<>(samples.stream().filter(s -> s.done() >= warm).toList());
        run.add(end);
        int size = run.size();
        int third = size / 3;
        List<JvmSample> first = third == 0 ? run : run.subList(0, third);
        List<JvmSample> middle = third == 0 ? run : run.subList(third, size - third);
        List<JvmSample> last = third == 0 ? run : run.subList(size - third, size);
        JvmSample startFloor = floor(first);
        JvmSample middleFloor = floor(middle);
        JvmSample endFloor = floor(last);

        output.info("  time (s)  devices done  heap after GC (MB)  live threads  open fds (/proc)  open fds (MXBean)");
        List<JvmSample> series = new ArrayList<>(samples);
        series.add(end);
        int every = Math.max(1, (int) Math.ceil(series.size() / 30.0));
        for (int i = 0; i < series.size(); i++) {
            if (i % every == 0 || i == series.size() - 1) {
                JvmSample s = series.get(i);
                output.info(String.format(Locale.ROOT, "  %8.1f  %12d  %18.1f  %12d  %16d  %17d", s.seconds(), s.done(),
                        s.heapMb(), s.threads(), s.fds(), s.fdsMxBean()));
            }
        }
        output.info("  (start / middle / end: the lowest value of the first / middle / last third of the samples"
                + " once the first " + warm + " device(s) were done)");
        output.info(String.format(Locale.ROOT, "  %-22s %12s %10s %10s %10s %18s", "", "before line", "start", "middle", "end",
                "after line stop"));
        output.info(row("heap after GC (MB)", before.heapMb(), startFloor.heapMb(), middleFloor.heapMb(), endFloor.heapMb(), after.heapMb()));
        output.info(row("live threads", before.threads(), startFloor.threads(), middleFloor.threads(), endFloor.threads(), after.threads()));
        output.info(row("open fds (/proc)", before.fds(), startFloor.fds(), middleFloor.fds(), endFloor.fds(), after.fds()));
        output.info(row("open fds (MXBean)", before.fdsMxBean(), startFloor.fdsMxBean(), middleFloor.fdsMxBean(),
                endFloor.fdsMxBean(), after.fdsMxBean()));

        int tenth = Math.max(1, done.size() / 10);
        List<Double> firstTimes = done.subList(0, Math.min(tenth, done.size())).stream().map(Done::seconds).toList();
        List<Double> lastTimes = done.subList(Math.max(0, done.size() - tenth), done.size()).stream().map(Done::seconds).toList();
        double firstP50 = SoakVerdict.percentile(firstTimes, 50);
        double lastP50 = SoakVerdict.percentile(lastTimes, 50);
        output.info(String.format(Locale.ROOT, "  per-device time: first %d devices p50 %.2f s, p95 %.2f s; last %d devices"
                        + " p50 %.2f s, p95 %.2f s", firstTimes.size(), firstP50, SoakVerdict.percentile(firstTimes, 95),
                lastTimes.size(), lastP50, SoakVerdict.percentile(lastTimes, 95)));
        int provisioned = (int) done.stream().filter(d -> d.status().equals("provisioned")).count();
        int failed = done.size() - provisioned;
        output.info(String.format(Locale.ROOT, "  devices: %d provisioned, %d failed, %d of %d done; foreign messages"
                + " published: %,d (%,d retained, %,d not sent)", provisioned, failed, done.size(), n, published, retained, lost));

        long threadMargin = Math.max(5, startFloor.threads() / 10);
        long fdMargin = Math.max(10, startFloor.fds() / 10);
        List<SoakVerdict> verdicts = new ArrayList<>();
        verdicts.add(SoakVerdict.heap(startFloor.heapMb(), middleFloor.heapMb(), endFloor.heapMb()));
        verdicts.add(SoakVerdict.count("live threads", startFloor.threads(), middleFloor.threads(), endFloor.threads(), threadMargin));
        verdicts.add(SoakVerdict.count("open fds", startFloor.fds(), middleFloor.fds(), endFloor.fds(), fdMargin));
        verdicts.add(SoakVerdict.deviceTime(firstP50, lastP50));
        verdicts.add(released("threads after the line stopped", before.threads(), after.threads(), threadMargin));
        verdicts.add(released("fds after the line stopped", before.fds(), after.fds(), fdMargin));
        boolean leak = verdicts.stream().anyMatch(SoakVerdict::leak);
        if (endFloor.threads() > startFloor.threads() + threadMargin || leak) {
            output.info("  thread groups that changed (start → end):");
            TreeSet<String> names = new TreeSet<>(groupsAtStart.keySet());
            names.addAll(groupsAtEnd.keySet());
            names.stream().filter(g -> !groupsAtStart.getOrDefault(g, 0).equals(groupsAtEnd.getOrDefault(g, 0)))
                    .sorted(Comparator.comparingInt(g -> -Math.abs(groupsAtEnd.getOrDefault(g, 0) - groupsAtStart.getOrDefault(g, 0))))
                    .limit(20)
                    .forEach(g -> output.info(String.format("    %4d → %4d  %s", groupsAtStart.getOrDefault(g, 0), groupsAtEnd.getOrDefault(g, 0), g)));
        }
        for (SoakVerdict v : verdicts) {
            output.info(String.format("verdict %-30s %s", v.figure() + ":", v.text()));
        }
        boolean allDone = done.size() >= n && failed == 0;
        if (!allDone) {
            output.info("verdict devices: " + (n - provisioned) + " of " + n + " not provisioned");
        }
        int exit = leak || !allDone ? 1 : 0;

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("devices", n);
        figures.put("ports", settings.ports());
        figures.put("provisioned", provisioned);
        figures.put("failed", failed);
        figures.put("foreignPublished", published);
        figures.put("foreignRetained", retained);
        figures.put("heapMb", List.of(round(before.heapMb()), round(startFloor.heapMb()), round(middleFloor.heapMb()),
                round(endFloor.heapMb()), round(after.heapMb())));
        figures.put("threads", List.of(before.threads(), startFloor.threads(), middleFloor.threads(), endFloor.threads(), after.threads()));
        figures.put("fds", List.of(before.fds(), startFloor.fds(), middleFloor.fds(), endFloor.fds(), after.fds()));
        figures.put("deviceSecondsP50", List.of(round(firstP50), round(lastP50)));
        figures.put("verdicts", verdicts.stream().map(v -> v.figure() + ": " + v.text()).toList());
        figures.put("leak", leak);
        return new Result(exit, provisioned, failed, published, before, startFloor, middleFloor, endFloor, after, verdicts, figures);
    }

    private static SoakVerdict released(String figure, long before, long after, long margin) {
        boolean kept = after > before + margin;
        return new SoakVerdict(figure, (kept ? "NOT released: " : "released: ") + after + " (before the line: " + before
                + ", margin " + margin + ")", kept);
    }

    private static String row(String name, double... values) {
        return String.format(Locale.ROOT, "  %-22s %12.1f %10.1f %10.1f %10.1f %18.1f", name, values[0], values[1], values[2], values[3], values[4]);
    }

    private static String row(String name, long... values) {
        return String.format(Locale.ROOT, "  %-22s %12d %10d %10d %10d %18d", name, values[0], values[1], values[2], values[3], values[4]);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** The lowest heap, threads and descriptors among {@code samples} (what a leak raises). */
    private static JvmSample floor(List<JvmSample> samples) {
        JvmSample s0 = samples.get(0);
        return new JvmSample(s0.seconds(), s0.done(), samples.stream().mapToLong(JvmSample::heapBytes).min().orElse(0),
                samples.stream().mapToInt(JvmSample::threads).min().orElse(0),
                samples.stream().mapToLong(JvmSample::fds).min().orElse(0),
                samples.stream().mapToLong(JvmSample::fdsMxBean).min().orElse(0));
    }

    /** config/ as the station has it (or the built-in one), pointed at the soak's broker, the station page on loopback. */
    private Path configCopy(Path dir, String brokerUrl) throws IOException {
        Files.createDirectories(dir);
        String properties;
        Path own = settings.configDir().resolve("application.properties");
        if (Files.isDirectory(settings.configDir())) {
            try (Stream<Path> files = Files.list(settings.configDir())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName().toString()));
                }
            }
        }
        if (Files.isRegularFile(own)) {
            properties = Files.readString(own);
        } else {
            try (InputStream in = SoakBenchmark.class.getResourceAsStream("/config/application.properties")) {
                properties = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        properties += "\n# benchmark --soak\nflashline.mqtt.url = " + brokerUrl + "\nflashline.web.host = 127.0.0.1\n";
        Files.writeString(dir.resolve("application.properties"), properties);
        return dir;
    }

    /** mqtt://HOST:PORT → tcp://HOST:PORT, mqtts:// → ssl:// (Paho's forms). */
    static String pahoUri(String url) {
        if (url.startsWith("mqtt://")) {
            return "tcp://" + url.substring("mqtt://".length());
        }
        if (url.startsWith("mqtts://")) {
            return "ssl://" + url.substring("mqtts://".length());
        }
        return url;
    }
}
