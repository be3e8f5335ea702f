package dev.channelbox;

/**
 * How a channel's messages are framed on the wire (Nexios's {@code encoding} /
 * {@code payload_type}).
 *
 * <p>Whatever the payload of a send, it is encoded for each receiving channel by that channel's
 * type, once per type per send:
 * <table>
 *   <caption>Encoding of a payload per channel type</caption>
 *   <tr><th>payload</th><th>{@code JSON}</th><th>{@code TEXT}</th><th>{@code BYTES}</th></tr>
 *   <tr><td>{@code String}</td><td>a JSON string, text frame</td><td>the text as is</td>
 *       <td>its UTF-8 bytes, binary frame</td></tr>
 *   <tr><td>{@code byte[]}, {@code ByteBuffer}</td><td>a base64 JSON string</td>
 *       <td>base64 text</td><td>the bytes as is</td></tr>
 *   <tr><td>any other object ({@code Map}, record, {@code JsonValue} ...)</td>
 *       <td>its JSON-B form, text frame</td><td>its JSON-B form</td><td>its JSON-B form in UTF-8</td></tr>
 * </table>
 */
public enum PayloadType {
    /** Text frames holding JSON; inbound frames are decoded with JSON-B into the consumer's type. */
    JSON,
    /** Plain text frames. */
    TEXT,
    /** Binary frames. */
    BYTES
}
