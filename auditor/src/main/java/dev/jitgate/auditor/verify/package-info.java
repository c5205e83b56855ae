/** Re-verification of stored audit hash chains (what {@code jitgate audit verify} runs). */
package dev.jitgate.auditor.verify;
