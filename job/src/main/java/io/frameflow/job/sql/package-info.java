/**
 * Flink SQL scripts: split into statements and run on a table environment, for {@code frameflow sql
 * -f script.sql} on a local MiniCluster or under {@code flink run}.
 */
package io.frameflow.job.sql;
