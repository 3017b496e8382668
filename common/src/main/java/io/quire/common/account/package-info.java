/** Accounts as every service sees them: verifying personal access tokens. */
package io.quire.common.account;
