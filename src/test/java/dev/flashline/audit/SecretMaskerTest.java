package dev.flashline.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SecretMaskerTest {
    @Test
    void aShortOrCommonPasswordIsMaskedOnlyWhereItStandsAsAToken() {
        SecretMasker masker = SecretMasker.of("tasmota", "w", "12345678");
        String text = "Tasmota Version 14.3 booted; tasmota-demo written 100% within 20 s, 128 KB/s, 123456789 bytes";
        assertEquals(text, masker.mask(text), "nothing garbled");
        assertEquals("CMD: Backlog SSId1 lab; Password1 ***; MqttPassword ***",
                masker.mask("CMD: Backlog SSId1 lab; Password1 12345678; MqttPassword tasmota"));
        assertEquals("RSL: RESULT = {\"Password1\":\"***\"}", masker.mask("RSL: RESULT = {\"Password1\":\"tasmota\"}"));
        assertEquals("login user:*** refused", masker.mask("login user:w refused"));
        assertEquals("mqtt://u:***@host", masker.mask("mqtt://u:tasmota@host"));
    }

    @Test
    void aLongerSecretContainingAShorterOneIsMaskedWhole() {
        SecretMasker masker = SecretMasker.of("abc", "abc def");
        assertEquals("pass ***", masker.mask("pass abc def"));
        assertEquals("a *** b", masker.mask("a abc b"));
    }

    @Test
    void aLongSecretIsMaskedEvenInsideAWord() {
        assertEquals("topic sonoff_***", SecretMasker.of("Wifi-S3cret!pass").mask("topic sonoff_Wifi-S3cret!pass"));
    }

    @Test
    void emptySecretsMaskNothing() {
        assertEquals("open network", SecretMasker.of("", null).mask("open network"));
    }
}
