package io.frameflow.zoo.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LayerTableTest {

    @Test
    void mobileNetV1TableIsThePublishedBody() {
        LayerTable table = MobileNetFamily.V1.table();

        assertThat(table.rows().get(0)).isEqualTo(new LayerRow(LayerOp.CONV, 3, 2, 32, 1, 1));
        int separable =
                table.rows().stream()
                        .filter(r -> r.op() == LayerOp.DWSEP)
                        .mapToInt(LayerRow::repeat)
                        .sum();
        assertThat(separable).isEqualTo(13);
        assertThat(table.rows().get(table.rows().size() - 1).op()).isEqualTo(LayerOp.FC);
    }

    @Test
    void mobileNetV2TableHasSeventeenBottlenecks() {
        int bottlenecks =
                MobileNetFamily.V2.table().rows().stream()
                        .filter(r -> r.op() == LayerOp.INVRES)
                        .mapToInt(LayerRow::repeat)
                        .sum();

        assertThat(bottlenecks).isEqualTo(17);
    }

    @Test
    void rejectsARowWithMissingColumnsNamingTheLine() {
        assertThatThrownBy(() -> LayerTable.parse(MobileNetFamily.V1, "# header\nconv 3 2 32\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("expected 6 columns");
    }

    @Test
    void rejectsAnUnknownOp() {
        assertThatThrownBy(() -> LayerTable.parse(MobileNetFamily.V1, "pool 2 2 - - -"))
                .hasMessageContaining("Unknown layer op 'pool'");
    }

    @Test
    void widthMultiplierRoundsAsEachPaperDoes() {
        assertThat(MobileNetFamily.V1.scaleChannels(32, 0.75)).isEqualTo(24);
        assertThat(MobileNetFamily.V1.scaleChannels(32, 0.25)).isEqualTo(8);
        assertThat(MobileNetFamily.V2.scaleChannels(32, 0.35)).isEqualTo(16);
        assertThat(MobileNetFamily.V2.scaleChannels(24, 0.5)).isEqualTo(16);
    }
}
