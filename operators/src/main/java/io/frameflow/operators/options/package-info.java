/**
 * Typed options that more than one way of running the classifier takes (the {@code stream} and
 * {@code backfill} jobs, the SQL model provider), each under its own keys.
 */
package io.frameflow.operators.options;
