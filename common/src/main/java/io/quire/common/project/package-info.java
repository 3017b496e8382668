/**
 * Projects, their file trees and their text documents in MongoDB. Every write that must be atomic
 * is a single-document conditional update (no transactions), so it runs the same on the embedded
 * server and on a MongoDB replica set.
 */
package io.quire.common.project;
