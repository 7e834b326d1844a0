package io.cairn.catalog.hms;

import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;

/** One metastore call: reads its arguments (after the message header) and writes its reply. */
interface HmsCall {
    void process(int sequenceId, TProtocol in, TProtocol out) throws TException;
}
