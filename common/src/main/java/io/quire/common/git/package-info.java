/** The git bridge's requests as every service reads them: the one canonical form of a git URL. */
package io.quire.common.git;
