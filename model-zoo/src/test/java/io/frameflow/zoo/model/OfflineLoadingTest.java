package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import io.frameflow.zoo.data.FashionMnist;
import java.security.Permission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Loading and running the default model opens no network connection: a security manager records
 * every connect and name lookup the JVM attempts while it happens.
 */
class OfflineLoadingTest {

    @Test
    @SuppressWarnings("removal") // The security manager is the one hook that sees every socket.
    void loadingTheDefaultModelOpensNoConnection() throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        SecurityManager previous = System.getSecurityManager();
        System.setSecurityManager(
                new SecurityManager() {
                    @Override
                    public void checkConnect(String host, int port) {
                        attempts.add(host + ":" + port);
                    }

                    @Override
                    public void checkConnect(String host, int port, Object context) {
                        attempts.add(host + ":" + port);
                    }

                    @Override
                    public void checkPermission(Permission perm) {}

                    @Override
                    public void checkPermission(Permission perm, Object context) {}
                });
        try (ClassifierModel model = ModelLoader.load(BundledModel.FLOAT.spec());
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            Image image = ImageFactory.getInstance().fromImage(FashionMnist.testSet().image(0));
            assertThat(predictor.predict(image).best().getClassName()).isNotBlank();
        } finally {
            System.setSecurityManager(previous);
        }

        assertThat(attempts).as("network connections attempted").isEmpty();
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }
}
