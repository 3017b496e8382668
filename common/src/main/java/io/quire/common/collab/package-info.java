/**
 * The edit log of text documents in the {@code @codemirror/collab} model: change sets in their JSON
 * form, and the {@code docUpdates} collection whose unique {@code (docId, version)} index orders
 * concurrent editors on any number of web instances.
 */
package io.quire.common.collab;
