/** The MobileNet cost model: mult-adds and parameters per layer, computed from the layer tables. */
package io.frameflow.zoo.cost;
