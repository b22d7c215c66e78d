/**
 * The examples of the Node {@code ws} documentation, written for Switchboard: each class names the
 * {@code ws} example it answers, and {@code WsExamplesTest} runs each one against a loopback server.
 * docs/client.md ("Coming from ws") shows their code.
 */
package dev.switchboard.examples.ws;
