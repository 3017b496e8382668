/** git smart HTTP: authentication by personal access token, authorization, JGit's servlet. */
package io.quire.git.http;
