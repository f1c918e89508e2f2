/**
 * Dead letters: the side output every failed input goes to, and the source coordinates they carry.
 */
package io.frameflow.operators.deadletter;
