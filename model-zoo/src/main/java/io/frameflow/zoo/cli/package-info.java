/** Command-line entry points of the model zoo: {@code cost}, {@code evaluate}, {@code speed}. */
package io.frameflow.zoo.cli;
