/** Receiving a push: checking the pushed trees and applying them to the project. */
package io.quire.git.push;
