/** Test images and helpers shared by the SQL tests. */
package io.frameflow.sql.testutils;
