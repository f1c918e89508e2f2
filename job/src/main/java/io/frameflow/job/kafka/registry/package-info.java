/**
 * A small client of the Confluent Schema Registry REST API (which Confluent's registry, Apicurio's
 * {@code /apis/ccompat/v7}, Karapace and Redpanda serve): schemas by id, registration and look-up
 * under a subject, the Confluent wire format's framing, and the settings they take (URLs, basic
 * auth, TLS). {@code ConfluentAvroCodec} in the parent package is its one user.
 */
package io.frameflow.job.kafka.registry;
