/**
 * Operations support shared by every service: the registry of jobs running on this instance and the
 * heartbeats workers keep in Redis, from which the admin queue dashboard lists worker instances,
 * their busy slots and current jobs.
 */
package io.quire.common.ops;
