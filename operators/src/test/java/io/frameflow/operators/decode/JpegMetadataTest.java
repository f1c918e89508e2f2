package io.frameflow.operators.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.operators.testutils.TestImages;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class JpegMetadataTest {

    private final byte[] jpeg = TestImages.encode(TestImages.halves(16, 16), "jpg");

    @Test
    void removesExifIccAndCommentsAndKeepsEverythingElseByteForByte() {
        byte[] withMetadata =
                TestImages.withSegment(
                        TestImages.withSegment(
                                TestImages.withExifOrientation(jpeg, 6),
                                0xe2,
                                TestImages.iccChunk(1, 1, new byte[40])),
                        0xfe,
                        new byte[] {'h', 'i'});

        byte[] stripped = JpegMetadata.strip(withMetadata).orElseThrow();

        assertThat(stripped).isEqualTo(jpeg);
    }

    @Test
    void keepsTheJfifAndAdobeSegmentsThatTellTheColourModel() {
        byte[] adobe =
                TestImages.withSegment(
                        jpeg, 0xee, new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 1});
        byte[] withComment = TestImages.withSegment(adobe, 0xfe, new byte[] {'x'});

        assertThat(JpegMetadata.strip(withComment)).hasValue(adobe);
    }

    @Test
    void nothingToRemoveGivesNothing() {
        assertThat(JpegMetadata.strip(jpeg)).isEmpty();
    }

    @Test
    void aSegmentLengthRunningPastTheEndIsStructuralDamageNotMetadata() {
        byte[] broken = TestImages.withSegment(jpeg, 0xe1, new byte[10]);
        ByteBuffer.wrap(broken).putShort(4, (short) 0xfff0);

        assertThat(JpegMetadata.strip(broken)).isEmpty();
        assertThat(JpegMetadata.strip(new byte[] {(byte) 0xff, (byte) 0xd8})).isEmpty();
        assertThat(JpegMetadata.strip(new byte[] {1, 2, 3, 4, 5})).isEmpty();
    }
}
