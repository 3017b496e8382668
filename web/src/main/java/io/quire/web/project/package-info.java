/** Projects and their files: the tree, text documents, binary files, and who may do what. */
package io.quire.web.project;
