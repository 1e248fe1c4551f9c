package dev.flashline.cli;

import dev.flashline.flasher.AfterAction;
import dev.flashline.flasher.ConnectOptions;
import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.Flasher;
import dev.flashline.flasher.Progress;
import dev.flashline.flasher.WriteOptions;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import dev.flashline.transport.FaultyTransport;
import dev.flashline.transport.FaultyTransport.Fault;
import dev.flashline.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A seeded campaign of link faults between the engine and virtual devices: each run injects one
 * fault into a write, a read or a verify and then checks the result against the device's real
 * flash. The number that must stay 0 is "ok with wrong data"; "hung" runs are cut after a bound.
 */
final class FaultCampaign {
    enum Operation { WRITE, READ, VERIFY }

    enum Outcome { SURVIVED, FAILED_SAFELY, WRONG_DATA, HUNG }

    /** One run: what was done, what was injected, how it ended and what the engine said. */
    record Run(int index, Operation operation, Fault fault, boolean faultFired, Outcome outcome, String message, double seconds) {
    }

    private static final int READ_SIZE = 256 * 1024;
    private static final long HANG_SECONDS = 120;

    private final Path stub;
    private final byte[] image = DemoFirmwareImage.build();
    private final Map<Operation, long[]> spans = new EnumMap<>(Operation.class);

    FaultCampaign(Path stub) {
        this.stub = stub;
    }

    /** Runs {@code count} faulted operations, reporting each as it ends. */
    List<Run> run(int count, long seed, java.util.function.Consumer<Run> report) {
        for (Operation op : Operation.values()) {
            spans.put(op, measureSpan(op));
        }
        Random random = new Random(seed);
        Fault.Kind[] kinds = Fault.Kind.values();
        List<Run> runs = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-campaign");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < count; i++) {
                Operation op = Operation.values()[i % Operation.values().length];
                Fault.Kind kind = kinds[(i / Operation.values().length) % kinds.length];
                Fault drawn = Fault.random(kind, random, 1);
                long span = spans.get(op)[drawn.direction() == Fault.Direction.TO_DEVICE ? 0 : 1];
                Fault fault = new Fault(kind, drawn.direction(), 16 + (long) (random.nextDouble() * Math.max(1, span - 16)), drawn.size());
                Run run = runOne(i, op, fault, random.nextLong(), pool);
                runs.add(run);
                report.accept(run);
            }
        } finally {
            pool.shutdownNow();
        }
        return runs;
    }

    private Run runOne(int index, Operation op, Fault fault, long seed, ExecutorService pool) {
        VirtualDevice device = newDevice(seed);
        byte[] truth = prepare(op, device, seed);
        FaultyTransport[] faulty = new FaultyTransport[1];
        Function<String, Transport> ports = url -> {
            if (faulty[0] == null) {
                faulty[0] = new FaultyTransport(device.connect(), fault, seed);
                return faulty[0];
            }
            return device.connect(); // the link came back: a fresh power-on in download mode
        };
        long start = System.nanoTime();
        Future<byte[]> future = pool.submit(() -> execute(op, ports));
        Outcome outcome;
        String message = "";
        try {
            byte[] got = future.get(HANG_SECONDS, TimeUnit.SECONDS);
            outcome = judge(op, device, truth, got) ? Outcome.SURVIVED : Outcome.WRONG_DATA;
        } catch (TimeoutException e) {
            future.cancel(true);
            device.powerOff();
            outcome = Outcome.HUNG;
        } catch (java.util.concurrent.ExecutionException e) {
            outcome = Outcome.FAILED_SAFELY;
            message = String.valueOf(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("campaign interrupted", e);
        } finally {
            device.powerOff();
        }
        boolean fired = faulty[0] != null && faulty[0].fired();
        return new Run(index, op, fault, fired, outcome, message, (System.nanoTime() - start) / 1e9);
    }

    /** The operation's result: written region (write), bytes read (read), or {1}/{0} for a verify's verdict. */
    private byte[] execute(Operation op, Function<String, Transport> ports) {
        try (FlashSession session = FlashSession.open(options(), m -> { }, ports)) {
            Flasher flasher = new Flasher(session, Progress.NONE);
            return switch (op) {
                case WRITE -> {
                    flasher.write(image, 0, WriteOptions.DEFAULTS);
                    yield image;
                }
                case READ -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    flasher.read(0, READ_SIZE, out);
                    yield out.toByteArray();
                }
                case VERIFY -> new byte[] {(byte) (flasher.matches(image, 0) ? 1 : 0)};
            };
        }
    }

    /** Sets up the device for the operation and returns what a correct run must end with. */
    private byte[] prepare(Operation op, VirtualDevice device, long seed) {
        Random random = new Random(seed);
        byte[] stock = new byte[device.flash().size()];
        random.nextBytes(stock);
        device.flash().load(0, stock);
        return switch (op) {
            case WRITE -> image;
            case READ -> Arrays.copyOf(stock, READ_SIZE);
            case VERIFY -> {
                byte[] onChip = image.clone();
                boolean same = random.nextBoolean();
                if (!same) {
                    onChip[random.nextInt(onChip.length)] ^= 0x10;
                }
                device.flash().load(0, onChip);
                yield new byte[] {(byte) (same ? 1 : 0)};
            }
        };
    }

    private static boolean judge(Operation op, VirtualDevice device, byte[] truth, byte[] got) {
        return switch (op) {
            case WRITE -> Arrays.equals(device.flash().read(0, truth.length), truth);
            case READ, VERIFY -> Arrays.equals(got, truth);
        };
    }

    /** Bytes each direction carries in a clean run of the operation: where a fault can land. */
    private long[] measureSpan(Operation op) {
        VirtualDevice device = newDevice(1);
        prepare(op, device, 1);
        FaultyTransport[] counter = new FaultyTransport[1];
        execute(op, url -> counter[0] = new FaultyTransport(device.connect(),
                new Fault(Fault.Kind.FLIP, Fault.Direction.TO_DEVICE, Long.MAX_VALUE, 1), 1));
        device.powerOff();
        return new long[] {counter[0].bytesToDevice(), counter[0].bytesFromDevice()};
    }

    private static VirtualDevice newDevice(long seed) {
        return new VirtualDevice(VirtualDeviceConfig.builder().build());
    }

    private ConnectOptions options() {
        return ConnectOptions.defaults("virtual").withBefore(ResetStrategy.DEFAULT_RESET).withAfter(AfterAction.NO_RESET)
                .withBaud(460800).withStub(stub, false);
    }

    /** Per fault kind and operation: how many runs survived, failed safely, ended ok with wrong data, hung. */
    static Map<String, Object> tally(List<Run> runs) {
        Map<String, Object> table = new LinkedHashMap<>();
        for (Fault.Kind kind : Fault.Kind.values()) {
            for (Operation op : Operation.values()) {
                Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
                for (Outcome o : Outcome.values()) {
                    counts.put(o, 0);
                }
                runs.stream().filter(r -> r.fault().kind() == kind && r.operation() == op)
                        .forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
                if (counts.values().stream().mapToInt(Integer::intValue).sum() > 0) {
                    table.put(kind.name().toLowerCase() + "/" + op.name().toLowerCase(), counts);
                }
            }
        }
        return table;
    }
}
