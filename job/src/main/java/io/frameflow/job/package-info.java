/** The runnable Frameflow application: the command line, typed options and the jobs it builds. */
package io.frameflow.job;
