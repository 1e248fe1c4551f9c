package dev.flashline.pipeline;

import dev.flashline.camel.DeviceRun;
import dev.flashline.catalog.FetchedFirmware;
import dev.flashline.catalog.FirmwareCatalog;
import dev.flashline.catalog.FirmwareEntry;
import dev.flashline.catalog.FirmwareStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.camel.Exchange;

/** Bean {@code firmware}: picks the build for the device's chip and flash, fetches it (sha256 checked), puts it in the body. */
public final class FirmwareStep {
    private final FirmwareCatalog catalog;
    private final FirmwareStore store;
    private final String preferred;
    private final boolean simulatedDevices;

    public FirmwareStep(FirmwareCatalog catalog, FirmwareStore store, String preferred) {
        this(catalog, store, preferred, false);
    }

    /**
     * @param preferred        flashline.firmware (wins over a profile's build); null: the profile's, else the catalog default
     * @param simulatedDevices the devices are simulated: they boot only demo builds, so a profile's real build is not used
     */
    public FirmwareStep(FirmwareCatalog catalog, FirmwareStore store, String preferred, boolean simulatedDevices) {
        this.catalog = catalog;
        this.store = store;
        this.preferred = preferred;
        this.simulatedDevices = simulatedDevices;
    }

    public void select(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        byte[] bytes = run.step("firmware", () -> {
            String name = preferred != null ? preferred
                    : ProfileCheck.profileBuild(run.profile(), catalog, simulatedDevices);
            FirmwareEntry entry = catalog.select(run.chip().chip(), run.chip().flashSizeBytes(), name);
            FetchedFirmware fetched = store.obtain(entry, null);
            run.firmware(fetched);
            try {
                return Files.readAllBytes(fetched.path());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        exchange.getMessage().setBody(bytes);
    }
}
