package io.frameflow.job.kafka.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of registry connections, from Confluent's {@code schema.registry.ssl.*} settings:
 * a trust store for a registry whose certificate the JVM does not trust, a key store for mutual
 * TLS. Without either, the JVM's defaults.
 */
final class RegistryTls {

    private RegistryTls() {}

    static SSLContext context(Map<String, String> properties) {
        String trustStore = properties.get(SchemaRegistrySettings.TRUSTSTORE_LOCATION);
        String keyStore = properties.get(SchemaRegistrySettings.KEYSTORE_LOCATION);
        try {
            if (trustStore == null && keyStore == null) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory trust = null;
            if (trustStore != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(
                        load(
                                trustStore,
                                properties.get(SchemaRegistrySettings.TRUSTSTORE_TYPE),
                                properties.get(SchemaRegistrySettings.TRUSTSTORE_PASSWORD),
                                SchemaRegistrySettings.TRUSTSTORE_LOCATION));
            }
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                String storePassword = properties.get(SchemaRegistrySettings.KEYSTORE_PASSWORD);
                String keyPassword =
                        properties.getOrDefault(SchemaRegistrySettings.KEY_PASSWORD, storePassword);
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(
                        load(
                                keyStore,
                                properties.get(SchemaRegistrySettings.KEYSTORE_TYPE),
                                storePassword,
                                SchemaRegistrySettings.KEYSTORE_LOCATION),
                        keyPassword == null ? null : keyPassword.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keys == null ? null : keys.getKeyManagers(),
                    trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new SchemaRegistryException(
                    "Cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String location, String type, String password, String key)
            throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    "Cannot read " + key + " '" + location + "': " + e.getMessage(), e);
        }
    }
}
