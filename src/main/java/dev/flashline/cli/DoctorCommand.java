package dev.flashline.cli;

import dev.flashline.errors.ErrorCode;
import dev.flashline.flasher.Doctor;
import dev.flashline.loader.Diagnosis;
import dev.flashline.loader.Links;
import dev.flashline.transport.Transport;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "doctor", mixinStandardHelpOptions = true, description = "Explain why a device does not connect, and what to try.")
final class DoctorCommand extends DeviceCommand {
    @Override
    int execute() {
        Diagnosis d;
        Transport transport = Links.open(connection.port);
        try {
            d = Doctor.diagnose(transport, output::info);
        } finally {
            Links.closeQuietly(transport);
        }
        String hint = d.advice().render(CliSettings.FLAGS);
        output.info((d.ok() ? "OK: " : "Problem (" + d.cause() + "): ") + d.detail());
        output.info("What to do: " + hint);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cause", d.cause());
        json.put("detail", d.detail());
        json.put("hint", hint);
        output.result(json);
        return d.ok() ? 0 : ErrorCode.DEVICE_UNREACHABLE.kind().exitCode();
    }
}
