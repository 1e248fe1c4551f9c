package dev.flashline.tasmota;

/** Why a device could not join the Wi-Fi, from the reason Tasmota logs after "WIF: Connect failed". */
public enum WifiFailure {
    WRONG_PASSWORD("AP rejected the password", "Check the Wi-Fi password (Tasmota ignores passwords of 4 characters or fewer)."),
    AP_NOT_FOUND("SSID not found", "Check the SSID spelling and that the access point is on and in range (2.4 GHz)."),
    NO_IP_ADDRESS("no IP address received", "Check the access point's DHCP server."),
    TIMEOUT("AP did not answer in time", "Move the device closer to the access point, or check the AP's client limit."),
    OTHER("Wi-Fi connection failed", "Check the Wi-Fi settings and the access point.");

    private final String description;
    private final String hint;

    WifiFailure(String description, String hint) {
        this.description = description;
        this.hint = hint;
    }

    public String description() {
        return description;
    }

    public String hint() {
        return hint;
    }
}
