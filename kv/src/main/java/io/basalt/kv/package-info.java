/**
 * The replicated key-value state machine: the first user of a Raft group's log. Commands are
 * protobuf {@code KvCommand}s carried in NORMAL entries; applying the same committed log on any
 * replica yields the same state, which {@link io.basalt.kv.KvStateMachine#digest()} summarizes
 * so replicas can be compared. Pure and single-threaded, like the Raft core beneath it.
 */
package io.basalt.kv;
