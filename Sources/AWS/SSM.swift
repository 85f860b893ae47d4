/// AWS Systems Manager's `GetParameter` (JSON 1.1 protocol), for public parameters such as the latest Amazon
/// Linux AMI (`/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64`).
public struct SSM: Sendable {
    /// The client that signs and sends.
    public var client: AWSClient

    /// The parameter naming the latest Amazon Linux 2023 AMI for x86_64.
    public static let latestAmazonLinuxParameter =
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"

    /// SSM through `client`.
    public init(client: AWSClient) {
        self.client = client
    }

    /// A parameter's value and version.
    public struct Parameter: Sendable, Equatable, Decodable {
        /// Its full name.
        public var Name: String
        /// `String`, `StringList` or `SecureString`.
        public var `Type`: String?
        /// Its value (an AMI id for the AMI parameters).
        public var Value: String
        /// Its version.
        public var Version: Int?
    }

    /// The parameter `name` (`ParameterNotFound` when there is none).
    public func getParameter(_ name: String) throws(AWSError) -> Parameter {
        struct Input: Encodable { var Name: String }
        struct Output: Decodable { var Parameter: SSM.Parameter }
        return try client.json(.ssm, targetPrefix: "AmazonSSM", "GetParameter", Input(Name: name), as: Output.self)
            .Parameter
    }
}
