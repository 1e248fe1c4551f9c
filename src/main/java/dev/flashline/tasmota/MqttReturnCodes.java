package dev.flashline.tasmota;

/** The rc Tasmota prints after "MQT: Connect failed to host:port": PubSubClient's state, plus Tasmota's -5. */
final class MqttReturnCodes {
    private MqttReturnCodes() {
    }

    static String meaning(int rc) {
        return switch (rc) {
            case -5 -> "broker host name not resolved";
            case -4 -> "connection timed out";
            case -3 -> "connection lost";
            case -2 -> "broker not reachable";
            case -1 -> "disconnected";
            case 1 -> "protocol version refused";
            case 2 -> "client id refused";
            case 3 -> "broker unavailable";
            case 4 -> "bad user name or password";
            case 5 -> "not authorised";
            default -> "rc " + rc;
        };
    }
}
