/**
 * MobileNet families as data: the layer tables (read from {@code *.table} resources that the Python
 * exporter reads too) and the concrete network a width and resolution multiplier make of them.
 */
package io.frameflow.zoo.arch;
