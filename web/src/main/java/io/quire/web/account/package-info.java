/** Accounts: users, registration, login, personal access tokens and the first administrator. */
package io.quire.web.account;
