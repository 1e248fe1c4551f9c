package dev.flashline.cli;

import dev.flashline.errors.FlashlineException;
import dev.flashline.flasher.Doctor;
import dev.flashline.loader.Diagnosis;
import dev.flashline.transport.Transport;
import dev.flashline.transport.TransportException;
import dev.flashline.transport.Transports;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "doctor", description = "Explain why a device does not connect, and what to try.")
final class DoctorCommand extends DeviceCommand {
    @Override
    int execute() {
        Diagnosis d;
        try (Transport transport = Transports.open(connection.port)) {
            d = Doctor.diagnose(transport, output::info);
        } catch (TransportException e) {
            throw FlashlineException.unreachable(e.getMessage(), e.hint());
        } catch (IOException e) {
            throw FlashlineException.unreachable("Cannot open " + connection.port + ": " + e.getMessage(),
                    "Check the port name and that no other program holds it.");
        }
        output.info((d.ok() ? "OK: " : "Problem (" + d.cause() + "): ") + d.detail());
        output.info("What to do: " + d.hint());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cause", d.cause());
        json.put("detail", d.detail());
        json.put("hint", d.hint());
        output.result(json);
        return d.ok() ? 0 : FlashlineException.Kind.UNREACHABLE.exitCode();
    }
}
