/**
 * Administration: users (list, search, create, disable, delete), site settings such as open
 * registration, and looking a project up by id. Only for the admin role (see the security
 * configuration).
 */
package io.quire.web.admin;
