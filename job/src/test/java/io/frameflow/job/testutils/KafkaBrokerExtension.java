package io.frameflow.job.testutils;

import io.frameflow.job.local.LocalKafkaBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real KRaft broker for the tests of one class: started before the first, closed after the last
 * ({@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new
 * KafkaBrokerExtension()}).
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private LocalKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = LocalKafkaBroker.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
        }
    }

    /** The running broker. */
    public LocalKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker starts before the class's first test");
        }
        return broker;
    }
}
