package dev.flashline.tls;

import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS trust from a PEM file of CA certificates (as openssl and Mosquitto write them), for servers
 * whose certificate the JDK's default trust store does not know: a local release mirror, a broker
 * with its own CA. Without a file, the JDK's defaults apply.
 */
public final class PemTrust {
    /** Far larger than any CA bundle a broker needs. */
    private static final long MAX_BYTES = 1 << 20;

    private PemTrust() {
    }

    /** An SSL context trusting exactly the certificates in {@code caFile}, or the JDK default when null. */
    public static SSLContext context(Path caFile, String whatFor) {
        try {
            if (caFile == null) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            Collection<? extends Certificate> certs;
            if (Files.isRegularFile(caFile) && Files.size(caFile) > MAX_BYTES) {
                throw FlashlineException.badInput("CA file " + caFile + " for " + whatFor + " is larger than 1 MB; is this the right file?",
                        "Give the CA certificate in PEM form (-----BEGIN CERTIFICATE-----).");
            }
            try (InputStream in = Files.newInputStream(caFile)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw FlashlineException.badInput("CA file " + caFile + " for " + whatFor + " holds no certificate",
                        "Give a PEM file with one or more '-----BEGIN CERTIFICATE-----' blocks.");
            }
            int i = 0;
            for (Certificate cert : certs) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (java.nio.file.NoSuchFileException e) {
            throw FlashlineException.badInput("CA file " + caFile + " for " + whatFor + " does not exist",
                    "Check the path; the file must be a PEM certificate (-----BEGIN CERTIFICATE-----).");
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot read CA file " + caFile + " for " + whatFor,
                    "Check the path and its permissions; the file must be a PEM certificate (-----BEGIN CERTIFICATE-----).");
        } catch (GeneralSecurityException e) {
            // The parser's own words name Java classes ("IOException: Empty input"): say what it means instead.
            throw FlashlineException.badInput("CA file " + caFile + " for " + whatFor + " is not a certificate in PEM or DER form",
                    "Give the CA certificate in PEM form (openssl x509 -outform PEM), saved as plain text.");
        }
    }
}
