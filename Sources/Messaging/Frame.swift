/// One part of a ZeroMQ multipart message: raw bytes, copied out of libzmq's buffer.
///
/// A message is `[Frame]`; a ROUTER prepends the sender's routing id as the first frame.
public typealias Frame = [UInt8]
