package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.audit.AuditLog;
import dev.flashline.audit.AuditRecord;
import dev.flashline.audit.BackupRef;
import dev.flashline.audit.BackupStore;
import dev.flashline.catalog.TestTasmotaImages;
import dev.flashline.flasher.TestStubs;
import dev.flashline.sim.SimServer;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file the line and the device commands read, tried empty, binary, in the wrong encoding, huge
 * and malformed field by field, as a user would run them: exit 2, the file (and line) named, a hint,
 * no Java exception in sight, and nothing started, written or recorded.
 */
class BadInputCorpusTest {
    private static final Pattern JAVA_NOISE = Pattern.compile(
            "[A-Za-z]+Exception|\\bat [a-z]+\\.[a-z]|\\b(java|javax|org|com)\\.[a-z]+\\.|in 'reader'|Input length =");
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    /** What the bad file looks like; {@code base} is the project's good copy of the same file. */
    @FunctionalInterface
    interface Content {
        void write(Path target, String base) throws IOException;
    }

    /**
     * One bad input: {@code file} relative to the station folder (config/, routes/, firmware-catalog/),
     * and the line the error must name (0: no line to name).
     */
    record Case(String label, String file, Content content, int line) {
        @Override
        public String toString() {
            return label;
        }
    }

    @TempDir
    Path tmp;

    // ---------- the line: run --simulate 1 with one bad file in a copy of config/, routes/, firmware-catalog/ ----------

    static Stream<Arguments> lineInputs() throws IOException {
        List<Case> cases = new ArrayList<>();
        String properties = "config/application.properties";
        String csv = "config/devices.csv";
        String catalog = "firmware-catalog/catalog.yaml";
        String lock = "firmware-catalog/catalog.lock.yaml";
        String profiles = "config/profiles.yaml";
        String route = "routes/provision.camel.yaml";
        for (String file : List.of(properties, csv, catalog, lock, profiles, route)) {
            String kind = file.substring(file.lastIndexOf('/') + 1);
            cases.add(new Case(kind + ": empty", file, bytes(new byte[0]), 0));
            cases.add(new Case(kind + ": binary garbage", file, (t, b) -> Files.write(t, garbage(4096)), 1));
            cases.add(new Case(kind + ": UTF-16 with BOM", file, (t, b) -> Files.write(t, utf16(b.isEmpty() ? "pins: []\n" : b)), 0));
            cases.add(new Case(kind + ": UTF-16 without BOM", file, (t, b) -> Files.write(t,
                    (b.isEmpty() ? "pins: []\n" : b).getBytes(StandardCharsets.UTF_16LE)), 0));
            cases.add(new Case(kind + ": Latin-1 on line 3", file, (t, b) -> Files.write(t,
                    "# one\n# two\n# caf\u00e9 3\n".getBytes(StandardCharsets.ISO_8859_1)), 3));
            cases.add(new Case(kind + ": 50 MB", file, (t, b) -> sparse(t, 50L << 20), 0));
            cases.add(new Case(kind + ": a 1 MB line 2", file, (t, b) -> Files.writeString(t, "# x\n" + "a".repeat(1 << 20) + "\n"), 2));
        }

        // application.properties, field by field (a bad line appended: it wins over the earlier one)
        for (String[] bad : new String[][] {
                {"flashline.concurrency = abc", "wrong type"}, {"flashline.concurrency = 0", "out of range"},
                {"flashline.mqtt.port = 70000", "port out of range"}, {"flashline.mqtt.url = ftp://broker:21", "url scheme"},
                {"flashline.attempts = 0", "attempts out of range"}, {"flashline.attempts = three", "attempts wrong type"},
                {"flashline.baud = fast", "baud wrong type"}, {"flashline.baud = 300", "baud out of range"},
                {"flashline.boot-timeout-seconds = -1", "boot timeout"}, {"flashline.online-timeout-seconds = 1e3", "online timeout"},
                {"flashline.web.port = 99999", "web port"}, {"flashline.before = reset", "before"},
                {"flashline.default-module = basic", "module"}, {"flashline.profile = sonoff-basci", "unknown profile"},
                {"flashline.firmware = tasmota-dmeo", "unknown firmware"}, {"flashline.ports = host:1234", "port URL"},
                {"flashline.stub = /nonexistent/stub.json", "missing stub"}, {"flashline.watch-serial = maybe", "boolean"},
                {"flashline.wifi.ssid = x\\u00zz", "bad escape"}}) {
            cases.add(appended(properties + ": " + bad[1], properties, bad[0]));
        }
        cases.add(new Case(properties + ": a login inside the broker URL is refused without echoing it", properties,
                (t, b) -> Files.writeString(t, b + "flashline.mqtt.url = mqtt://bench:Sup3r-S3cret@broker.lan:1883\n"), -1));
        cases.add(appended(properties + ": calibration not a number", properties, "flashline.calibration.power = sixty"));
        cases.add(appended(properties + ": calibration negative", properties, "flashline.calibration.current = -3"));

        // the broker's CA file (flashline.mqtt.ca-file with an mqtts:// broker)
        String ca = "config/broker-ca.pem";
        cases.add(caFile("CA file: empty", ca, (t, b) -> Files.write(t, new byte[0])));
        cases.add(caFile("CA file: binary garbage", ca, (t, b) -> Files.write(t, garbage(2000))));
        cases.add(caFile("CA file: UTF-16 with BOM", ca, (t, b) -> Files.write(t, utf16("-----BEGIN CERTIFICATE-----\nMIIB\n"))));
        cases.add(caFile("CA file: a truncated PEM", ca, (t, b) -> Files.writeString(t, "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n")));
        cases.add(caFile("CA file: 50 MB", ca, (t, b) -> sparse(t, 50L << 20)));
        cases.add(caFile("CA file: missing", ca, (t, b) -> { }));

        // at a real station (no --simulate), required settings missing
        cases.add(new Case("real station: application.properties without flashline.wifi.ssid", properties, (t, b) -> Files.writeString(t,
                b.replaceAll("(?m)^flashline.wifi.ssid.*$", "") + "flashline.mqtt.url = mqtt://127.0.0.1:1\nflashline.wifi.password = 12345678\n"), 0));
        cases.add(new Case("real station: application.properties without a broker", properties, (t, b) -> Files.writeString(t,
                b + "flashline.wifi.password = 12345678\n"), 0));
        cases.add(new Case("real station: Wi-Fi password too short for WPA2", properties, (t, b) -> Files.writeString(t,
                b + "flashline.wifi.password = short\nflashline.mqtt.url = mqtt://127.0.0.1:1\n"), -1));
        cases.add(new Case("application.properties: UTF-8 BOM accepted, error on line 2", properties,
                (t, b) -> Files.write(t, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        ("flashline.catalog = " + t.getParent().getParent().resolve(catalog) + "\nflashline.concurrency = many\n")
                                .getBytes(StandardCharsets.UTF_8))), 2));

        // devices.csv
        String header = "mac,name,topic,module,template,commands,profile\n";
        cases.add(text(csv + ": malformed MAC", csv, header + "5c:cf:7f:a1:b2,Hall,hall,1,,,\n", 2));
        cases.add(text(csv + ": duplicate MAC", csv, header + "5c:cf:7f:a1:b2:c3,A,a,1,,,\n5C-CF-7F-A1-B2-C3,B,b,1,,,\n", 3));
        cases.add(text(csv + ": unknown profile id", csv, header + "# c\n5c:cf:7f:a1:b2:c3,A,a,1,,,sonoff-nope\n", 3));
        cases.add(text(csv + ": module wrong type", csv, header + "5c:cf:7f:a1:b2:c3,A,a,basic,,,\n", 2));
        cases.add(text(csv + ": unclosed quote", csv, header + "5c:cf:7f:a1:b2:c3,\"A,a,1,,,\n", 2));
        cases.add(text(csv + ": too few fields", csv, header + "5c:cf:7f:a1:b2:c3,A\n", 2));
        cases.add(text(csv + ": unknown column", csv, "mac,name,colour\n", 1));
        cases.add(text(csv + ": template not JSON", csv, header + "5c:cf:7f:a1:b2:c3,A,a,1,{GPIO:1},,\n", 2));
        cases.add(new Case(csv + ": UTF-8 BOM accepted, bad MAC on line 3", csv, (t, b) -> Files.write(t, concat(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, (header + "5c:cf:7f:a1:b2:c3,A,a,1,,,\nzz:cf:7f:a1:b2:c4,B,b,1,,,\n")
                        .getBytes(StandardCharsets.UTF_8))), 3));

        // catalog.yaml
        String entry = "firmware:\n  - name: tasmota-demo\n    version: 14.3.0(demo)\n    chip: esp8266\n    minFlash: 1MB\n"
                + "    url: demo:14.3.0(demo)\n    default: true\n";
        cases.add(text(catalog + ": not YAML", catalog, "firmware:\n  - name: [unclosed\n    chip: esp8266\n", 3));
        cases.add(text(catalog + ": tab indentation", catalog, "firmware:\n\t- name: a\n", 2));
        cases.add(text(catalog + ": sha256 not 64 hex", catalog, entry + "  - name: local\n    version: '1'\n    chip: esp8266\n"
                + "    minFlash: 1MB\n    file: local.bin\n    sha256: 12345\n", 13));
        cases.add(text(catalog + ": minFlash nonsense", catalog, entry.replace("minFlash: 1MB", "minFlash: lots"), 5));
        cases.add(text(catalog + ": minFlash huge", catalog, entry.replace("minFlash: 1MB", "minFlash: 4096MB"), 5));
        cases.add(text(catalog + ": url scheme unknown", catalog, entry.replace("demo:14.3.0(demo)\n    default", "gopher://h/a.bin\n    default"), 6));
        cases.add(text(catalog + ": version missing", catalog, entry.replace("    version: 14.3.0(demo)\n", ""), 2));
        cases.add(text(catalog + ": chip wrong type", catalog, entry.replace("chip: esp8266", "chip: [esp8266, esp8285]"), 4));
        cases.add(text(catalog + ": no firmware list", catalog, "builds: []\n", 0));

        // catalog.lock.yaml
        String pin = "pins:\n  - name: tasmota\n    version: 15.0.1\n    file: files/tasmota-15.0.1.bin\n    sha256: " + "ab".repeat(32)
                + "\n    size: 600000\n    trust: local\n";
        cases.add(text(lock + ": not YAML", lock, "pins:\n  - name: 'x\n", 2));
        cases.add(text(lock + ": pin not in the catalog", lock, pin.replace("name: tasmota", "name: tasmota-nope"), 2));
        cases.add(text(lock + ": sha256 not 64 hex", lock, pin.replace("ab".repeat(32), "abc"), 5));
        cases.add(text(lock + ": sha256 missing", lock, pin.replace("    sha256: " + "ab".repeat(32) + "\n", ""), 2));
        cases.add(text(lock + ": size wrong type", lock, pin.replace("600000", "big"), 6));
        cases.add(text(lock + ": file outside the folder", lock, pin.replace("files/tasmota", "../../etc/tasmota"), 2));

        // profiles.yaml
        String profile = "profiles:\n  - id: x\n    module: 1\n    chip: esp8266\n    flash: 1MB\n    firmware: tasmota-demo\n";
        cases.add(text(profiles + ": not YAML", profiles, "profiles:\n  - id: x\n   module: 1\n", 3));
        cases.add(text(profiles + ": module out of range", profiles, profile.replace("module: 1", "module: 300"), 3));
        cases.add(text(profiles + ": module wrong type", profiles, profile.replace("module: 1", "module: one"), 3));
        cases.add(text(profiles + ": chip unknown", profiles, profile.replace("chip: esp8266", "chip: esp8267"), 4));
        cases.add(text(profiles + ": flash nonsense", profiles, profile.replace("flash: 1MB", "flash: big"), 5));
        cases.add(text(profiles + ": unknown key", profiles, profile + "    modul: 2\n", 7));
        cases.add(text(profiles + ": firmware missing", profiles, profile.replace("    firmware: tasmota-demo\n", ""), 2));
        cases.add(text(profiles + ": no profiles list", profiles, "devices: []\n", 0));

        // routes
        cases.add(text(route + ": not YAML", route, "- route:\n    from:\n      uri: esp:devices\n     steps: []\n", 4));
        cases.add(text(route + ": not a list", route, "route:\n  from: esp:devices\n", 0));
        cases.add(text(route + ": an item that is no definition", route, "- route:\n    from:\n      uri: esp:devices\n- just text\n", 4));
        cases.add(text(route + ": unknown key in a route", route, "- route:\n    id: x\n    frm:\n      uri: esp:devices\n", 2));
        cases.add(text(route + ": unknown step", route, "- route:\n    id: x\n    from:\n      uri: timer:x\n      steps:\n        - tooo: log:x\n", 6));
        cases.add(new Case("routes: no route file", "routes", (t, b) -> Files.delete(t.resolve("provision.camel.yaml")), 0));
        // a catalog 'file:' entry the run installs (flashline.firmware = local), pinned by the sha256 of what is there
        String build = "firmware-catalog/local.bin";
        byte[] image = TestTasmotaImages.withText("15.2.0", 200_000);
        cases.add(localBuild("catalog file: empty", build, new byte[0], true));
        cases.add(localBuild("catalog file: binary garbage", build, garbage(300_000), true));
        cases.add(localBuild("catalog file: not an ESP image (UTF-16 text)", build, utf16("firmware"), true));
        cases.add(localBuild("catalog file: truncated image", build, Arrays.copyOf(image, 1000), true));
        cases.add(localBuild("catalog file: too big for the entry's 1MB", build, TestTasmotaImages.withText("15.2.0", 2 << 20), true));
        cases.add(localBuild("catalog file: sha256 does not match the catalog", build, image, false));
        cases.add(new Case("catalog file: 50 MB", build, (t, b) -> {
            sparse(t, 50L << 20);
            catalogEntry(t, "ab".repeat(32));
        }, 0));
        cases.add(new Case("catalog file: missing", build, (t, b) -> catalogEntry(t, "ab".repeat(32)), 0));
        // an ESP32 entry the run installs: the file must be a factory image for that chip
        byte[] esp32Factory = dev.flashline.catalog.TestTasmota32Images.factory(dev.flashline.sim.Chip.ESP32, "15.2.0", 200_000);
        cases.add(localBuild("catalog file: ESP32 entry holding an ESP8266 image", build, "esp32", image));
        cases.add(localBuild("catalog file: ESP32 entry holding an ESP32-C3 factory image", build, "esp32",
                dev.flashline.catalog.TestTasmota32Images.factory(dev.flashline.sim.Chip.ESP32C3, "15.2.0", 200_000)));
        cases.add(localBuild("catalog file: ESP32 factory image cut short", build, "esp32", Arrays.copyOf(esp32Factory, 0x12000)));
        return cases.stream().map(Arguments::of);
    }

    private static Case caFile(String label, String file, Content content) {
        return new Case(label, file, (t, b) -> {
            content.write(t, b);
            Path properties = t.resolveSibling("application.properties");
            Files.writeString(properties, Files.readString(properties) + "flashline.mqtt.url = mqtts://127.0.0.1:1\n"
                    + "flashline.mqtt.ca-file = " + t + "\n");
        }, 0);
    }

    private static Case localBuild(String label, String file, byte[] content, boolean pinnedAsIs) {
        return new Case(label, file, (t, b) -> {
            Files.write(t, content);
            catalogEntry(t, pinnedAsIs ? dev.flashline.digest.Digests.sha256Hex(content) : "cd".repeat(32));
        }, 0);
    }

    /** A build for an entry of {@code chip}, pinned by the sha256 of what is there. */
    private static Case localBuild(String label, String file, String chip, byte[] content) {
        return new Case(label, file, (t, b) -> {
            Files.write(t, content);
            catalogEntry(t, dev.flashline.digest.Digests.sha256Hex(content), chip, "4MB");
        }, 0);
    }

    /** Adds entry 'local' (file: local.bin beside the catalog) and makes it the build the run installs. */
    private static void catalogEntry(Path build, String sha256) throws IOException {
        catalogEntry(build, sha256, "esp8266", "1MB");
    }

    private static void catalogEntry(Path build, String sha256, String chip, String minFlash) throws IOException {
        Path catalog = build.resolveSibling("catalog.yaml");
        Files.writeString(catalog, Files.readString(catalog) + "\n  - name: local\n    version: 15.2.0\n    chip: " + chip + "\n"
                + "    minFlash: " + minFlash + "\n    file: " + build.getFileName() + "\n    sha256: " + sha256 + "\n");
        Path properties = build.getParent().resolveSibling("config").resolve("application.properties");
        Files.writeString(properties, Files.readString(properties) + "flashline.firmware = local\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineInputs")
    void theLineRefusesBadInputBeforeStartingAnything(Case c) throws Exception {
        Path station = stationCopy();
        Path target = station.resolve(c.file());
        String base = Files.isRegularFile(target) ? Files.readString(target) : "";
        c.content().write(target, base);
        Path data = station.resolve("data");

        List<String> args = new ArrayList<>(List.of("run", "--no-web", "--simulate", "1", "--config", station.resolve("config").toString(),
                "--routes", station.resolve("routes").toString(), "--data-dir", data.toString(), "--timeout", "30"));
        if (c.label().startsWith("real station")) {
            args.subList(2, 4).clear(); // no --simulate: what a station checks before the operator powers up a device
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertRefused(run, target, c.line() < 0 ? (int) base.lines().count() + 1 : c.line());
        assertFalse(run.err().contains("Embedded MQTT broker") || run.err().contains("Starting the provisioning line"),
                "checked before the broker, the virtual devices and Camel start:\n" + run.err());
        assertFalse(Files.exists(data) && hasFiles(data), "nothing written under " + data);
    }

    // ---------- firmware add, write-flash, restore against a virtual device ----------

    private static final String MAC = "5c:cf:7f:a1:b2:c3";

    enum Command { ADD, WRITE, RESTORE, RESTORE_FILE }

    record DeviceCase(String label, Command command, Content content, String expected) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> deviceInputs() throws IOException {
        List<DeviceCase> cases = new ArrayList<>();
        for (Command command : Command.values()) {
            String c = command.name().toLowerCase();
            cases.add(new DeviceCase(c + ": empty file", command, bytes(new byte[0]), null));
            cases.add(new DeviceCase(c + ": binary garbage", command, (t, b) -> Files.write(t, garbage(300_000)), null));
            cases.add(new DeviceCase(c + ": 50 MB", command, (t, b) -> sparse(t, 50L << 20), "larger than"));
            cases.add(new DeviceCase(c + ": UTF-16 text", command, (t, b) -> Files.write(t, utf16("firmware")), null));
        }
        byte[] image = TestTasmotaImages.withText("15.2.0", 200_000);
        cases.add(new DeviceCase("add: settings file in Latin-1 (--config)", Command.ADD, (t, b) -> {
            Files.write(t, image);
            Files.write(t.resolveSibling("application.properties"), ("flashline.catalog = " + t.resolveSibling("fc/catalog.yaml")
                    + "\nflashline.station = caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        }, "application.properties:2: is not UTF-8"));
        cases.add(new DeviceCase("add: truncated image", Command.ADD, bytes(Arrays.copyOf(image, 1000)), null));
        cases.add(new DeviceCase("add: damaged gzip", Command.ADD, bytes(Arrays.copyOf(TestTasmotaImages.gzip(image), 5000)), "gzip"));
        cases.add(new DeviceCase("write: truncated image", Command.WRITE, bytes(Arrays.copyOf(image, 1000)), null));
        cases.add(new DeviceCase("write: image too big for the 1MB flash", Command.WRITE,
                bytes(TestTasmotaImages.withText("15.2.0", 2 << 20)), "does not fit"));
        cases.add(new DeviceCase("restore: truncated backup", Command.RESTORE, (t, b) -> Files.write(t, Arrays.copyOf(backup(), 600_000)), "changed or damaged"));
        cases.add(new DeviceCase("restore: one bit flipped (sha256 mismatch)", Command.RESTORE, (t, b) -> {
            byte[] changed = backup();
            changed[4096] ^= 1;
            Files.write(t, changed);
        }, "changed or damaged"));
        cases.add(new DeviceCase("restore_file: truncated whole-chip dump", Command.RESTORE_FILE,
                (t, b) -> Files.write(t, Arrays.copyOf(backup(), 600_000)), "not a whole-chip dump"));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deviceInputs")
    void deviceCommandsRefuseBadFilesWithoutWriting(DeviceCase c) throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().mac(MAC).build());
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        SimServer server = new SimServer("127.0.0.1", free, List.of(device));
        server.start();
        try {
            String port = "socket://127.0.0.1:" + free;
            byte[] before = device.flash().snapshot();
            Path data = tmp.resolve("data");
            CliRun run;
            Path file;
            switch (c.command()) {
                case ADD -> {
                    Path catalog = tmp.resolve("fc/catalog.yaml");
                    Files.createDirectories(catalog.getParent());
                    Files.writeString(catalog, "firmware:\n  - name: tasmota\n    version: 15.2.0\n    chip: esp8266\n    minFlash: 1MB\n"
                            + "    url: https://github.com/arendst/Tasmota/releases/download/v15.2.0/tasmota.bin\n");
                    file = tmp.resolve("tasmota.bin");
                    c.content().write(file, "");
                    List<String> args = new ArrayList<>(List.of("firmware", "add", file.toString(), "--name", "tasmota@15.2.0",
                            "--config", tmp.toString()));
                    if (!c.label().contains("settings file")) {
                        args.addAll(List.of("--catalog", catalog.toString()));
                    }
                    run = CliRun.of(args.toArray(String[]::new));
                    assertFalse(Files.exists(tmp.resolve("fc/catalog.lock.yaml")), "nothing pinned");
                    assertFalse(Files.exists(tmp.resolve("fc/files")) && hasFiles(tmp.resolve("fc/files")), "nothing kept");
                }
                case WRITE -> {
                    file = tmp.resolve("firmware.bin");
                    c.content().write(file, "");
                    run = CliRun.of("write-flash", "--port", port, "--stub", TestStubs.write(tmp).toString(), file.toString());
                }
                case RESTORE_FILE -> {
                    // a backup file given by hand (not in the audit log): its name says whose it is
                    file = tmp.resolve("5ccf7fa1b2c3-20261120T090000Z-00000000.bin");
                    c.content().write(file, "");
                    run = CliRun.of("restore", "--port", port, "--stub", TestStubs.write(tmp).toString(), "--mac", MAC,
                            "--backup", file.toString(), "--data-dir", data.toString());
                    assertFalse(Files.exists(data.resolve("audit")) && hasFiles(data.resolve("audit")), "no restore record");
                }
                default -> {
                    BackupRef ref = new BackupStore(data).save(MAC, backup());
                    new AuditLog(data).append(AuditRecord.builder().id("run-1").startedAt(Instant.parse("2026-11-20T09:00:00Z"))
                            .mac(MAC).backup(ref).firmware("tasmota", "15.2.0", "ab".repeat(32)).provisioned().build());
                    file = data.resolve(ref.path());
                    c.content().write(file, "");
                    run = CliRun.of("restore", "--port", port, "--stub", TestStubs.write(tmp).toString(), "--mac", MAC,
                            "--data-dir", data.toString());
                    assertEquals(1, new AuditLog(data).readAllJson().size(), "no restore record:\n" + run.err());
                }
            }
            // the settings case is about the file in --config, not the image
            assertRefused(run, c.label().contains("settings file") ? tmp.resolve("application.properties") : file, 0);
            if (c.expected() != null) {
                assertTrue(run.err().contains(c.expected()), "says what is wrong (" + c.expected() + "):\n" + run.err());
            }
            assertArrayEquals(before, device.flash().snapshot(), "the device's flash is unchanged");
        } finally {
            server.close();
        }
    }

    // ---------- helpers ----------

    private static void assertRefused(CliRun run, Path file, int line) {
        String err = run.err();
        assertEquals(2, run.exit(), "exit 2 for bad input:\n" + err);
        assertTrue(err.startsWith("error: ") || err.contains("\nerror: "), "an error line:\n" + err);
        assertTrue(err.contains(file.toString()), "names the file " + file + ":\n" + err);
        if (line > 0) {
            assertTrue(err.contains(file + ":" + line + ":"), "names line " + line + ":\n" + err);
        }
        assertTrue(Pattern.compile("(?m)^hint: \\S").matcher(err).find(), "says what to do:\n" + err);
        assertFalse(JAVA_NOISE.matcher(err + run.out()).find(), "no Java exception or parser dump:\n" + err);
        assertFalse(err.contains("Sup3r-S3cret"), "no secret in the output:\n" + err);
        assertTrue(err.length() < 2000, () -> "a short message, not a dump of the file:\n" + err.substring(0, 2000));
        System.out.println(err); // the corpus's messages, for review in the test report
    }

    private Path stationCopy() throws IOException {
        Path station = tmp.resolve("station");
        for (String dir : List.of("config", "routes", "firmware-catalog")) {
            Path from = PROJECT.resolve(dir);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = station.resolve(dir).resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
        }
        Path properties = station.resolve("config/application.properties");
        Files.writeString(properties, Files.readString(properties) + "\nflashline.catalog = "
                + station.resolve("firmware-catalog/catalog.yaml") + "\n");
        Files.writeString(station.resolve("firmware-catalog/catalog.lock.yaml"), "pins: []\n");
        return station;
    }

    private static Case appended(String label, String file, String line) {
        return new Case(label, file, (t, b) -> Files.writeString(t, b + line + "\n"), -1);
    }

    private static Case text(String label, String file, String text, int line) {
        return new Case(label, file, (t, b) -> Files.writeString(t, text), line);
    }

    private static Content bytes(byte[] content) {
        return (t, b) -> Files.write(t, content);
    }

    private static byte[] garbage(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        b[0] = (byte) 0xE9; // garbage behind an image magic byte: the header checks must catch it
        b[7] = 0;
        return b;
    }

    private static byte[] utf16(String text) {
        return concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A large file that takes no disk space or time to write. */
    private static void sparse(Path target, long size) throws IOException {
        Files.deleteIfExists(target);
        try (RandomAccessFile f = new RandomAccessFile(target.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    private static byte[] backup() {
        byte[] original = new byte[1 << 20];
        new Random(7).nextBytes(original);
        return original;
    }

    private static boolean hasFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(Files::isRegularFile);
        }
    }
}
