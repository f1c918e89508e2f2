/** Frameflow's single command line: {@code stream}, {@code produce}, {@code cost} and friends. */
package io.frameflow.job.cli;
