package io.frameflow.sql;

import io.frameflow.event.Stage;
import io.frameflow.operators.decode.ImageDecoder;
import io.frameflow.operators.decode.ImageFetcher;
import io.frameflow.operators.decode.RejectedImageException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

/** How the model's one input column holds its image: the encoded bytes, or a URI to read them. */
enum ImageInput {
    /** A {@code BYTES} (BINARY/VARBINARY) column with the encoded image. */
    BYTES {
        @Override
        byte[] read(RowData row, ImageDecoder decoder, ImageFetcher fetcher)
                throws RejectedImageException {
            // A NULL or empty column is rejected by the decoder ("empty image payload").
            return row.isNullAt(0) ? null : row.getBinary(0);
        }
    },
    /** A {@code STRING} column with a URI, read through Flink's FileSystem under allowed roots. */
    URI {
        @Override
        byte[] read(RowData row, ImageDecoder decoder, ImageFetcher fetcher)
                throws RejectedImageException {
            if (row.isNullAt(0) || row.getString(0).toString().isBlank()) {
                throw new RejectedImageException(Stage.VALIDATE, "the image URI is NULL or blank");
            }
            return fetcher.fetch(row.getString(0).toString(), decoder);
        }
    };

    /** The encoded image of the row's input column (position 0). */
    abstract byte[] read(RowData row, ImageDecoder decoder, ImageFetcher fetcher)
            throws RejectedImageException;

    /** The input kind of a column type, or null when the provider cannot take it. */
    static ImageInput of(LogicalType type) {
        if (type.is(LogicalTypeFamily.BINARY_STRING)) {
            return BYTES;
        }
        if (type.is(LogicalTypeFamily.CHARACTER_STRING)) {
            return URI;
        }
        return null;
    }
}
