import AWS
import Foundation
import Testing

/// The credential chain, region and endpoints, read from an injected environment and home folder (the process's
/// own environment is never touched); instance metadata comes from the test server's fake IMDSv2.
@Suite struct AWSCredentialChainTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    /// A home folder holding `credentials` and `config` (when given) under `.aws`.
    func home(credentials: String? = nil, config: String? = nil) throws -> String {
        let home = TestSupport.makeTemporaryDirectory("aws-home")
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        if let credentials {
            try credentials.write(toFile: home + "/.aws/credentials", atomically: true, encoding: .utf8)
        }
        if let config { try config.write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8) }
        return home
    }

    func environment(_ variables: [String: String], home: String) -> AWSEnvironment {
        AWSEnvironment(
            variables: variables.merging(["AWS_EC2_METADATA_DISABLED": "true"]) { old, _ in old }, homeDirectory: home)
    }

    @Test func variablesComeFirstAndTheSecretIsNeverPrinted() throws {
        let home = try home(
            credentials: "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = filesecret\n")
        defer { TestSupport.removeDirectory(home) }
        let credentials = try CredentialChain(
            environment: environment(
                [
                    "AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT", "AWS_SECRET_ACCESS_KEY": Self.secret,
                    "AWS_SESSION_TOKEN": "tok3n",
                ], home: home)
        ).resolve()
        #expect(credentials.accessKeyId == "AKIAENVIRONMENT")
        #expect(credentials.sessionToken == "tok3n")
        #expect(credentials.description == "AKIAENVIRONMENT (secret redacted, session token redacted) from environment")
        #expect(!String(reflecting: credentials).contains(Self.secret))
        #expect(!"\(credentials)".contains("tok3n"))
    }

    @Test func profilesFromTheCredentialsAndConfigFiles() throws {
        let home = try home(
            credentials: "# keys\n[default]\naws_access_key_id=AKIADEFAULT\naws_secret_access_key = d3fault\n\n"
                + "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = devsecret ; comment\n",
            config: "[default]\nregion = eu-west-3\n[profile ops]\nregion=ap-southeast-2\naws_access_key_id = AKIAOPS\n"
                + "aws_secret_access_key = opssecret\ns3 =\n  max_concurrent_requests = 20\n")
        defer { TestSupport.removeDirectory(home) }
        let chain = { (variables: [String: String]) in CredentialChain(environment: environment(variables, home: home))
        }
        #expect(try chain([:]).resolve().accessKeyId == "AKIADEFAULT")
        let dev = try chain(["AWS_PROFILE": "dev"]).resolve()
        #expect(dev.secretAccessKey == "devsecret")
        #expect(dev.source == "profile dev in \(home)/.aws/credentials")
        let ops = try chain(["AWS_PROFILE": "ops"]).resolve()
        #expect(ops.accessKeyId == "AKIAOPS")
        #expect(ops.source == "profile ops in \(home)/.aws/config")
        #expect(try AWSConfiguration.resolveRegion(environment(["AWS_PROFILE": "ops"], home: home)) == "ap-southeast-2")
        #expect(try AWSConfiguration.resolveRegion(environment([:], home: home)) == "eu-west-3")
        #expect(
            try AWSConfiguration.resolveRegion(environment(["AWS_DEFAULT_REGION": "us-west-2"], home: home))
                == "us-west-2")
        #expect(
            try AWSConfiguration.resolveRegion(
                environment(["AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-west-2"], home: home)) == "us-east-1")

        let missing = try #require(throws: AWSError.self) { try chain(["AWS_PROFILE": "nope"]).resolve() }
        #expect(missing.kind == .credentials)
        #expect(
            missing.message == "AWS_PROFILE names profile nope, which is in neither \(home)/.aws/credentials "
                + "nor \(home)/.aws/config")
    }

    @Test func theFileVariablesMoveTheFiles() throws {
        let home = try home()
        defer { TestSupport.removeDirectory(home) }
        try "[default]\naws_access_key_id = AKIAMOVED\naws_secret_access_key = moved\n"
            .write(toFile: home + "/keys.ini", atomically: true, encoding: .utf8)
        try "[default]\nregion = ca-central-1\n".write(toFile: home + "/conf.ini", atomically: true, encoding: .utf8)
        let variables = ["AWS_SHARED_CREDENTIALS_FILE": home + "/keys.ini", "AWS_CONFIG_FILE": home + "/conf.ini"]
        #expect(
            try CredentialChain(environment: environment(variables, home: home)).resolve().accessKeyId == "AKIAMOVED")
        #expect(try AWSConfiguration.resolveRegion(environment(variables, home: home)) == "ca-central-1")
    }

    @Test func errorsNameWhereTheChainLookedAndNoSecret() throws {
        let home = try home(config: "[profile other]\nregion = us-east-1\n")
        defer { TestSupport.removeDirectory(home) }
        let nothing = try #require(throws: AWSError.self) {
            try CredentialChain(environment: environment([:], home: home)).resolve()
        }
        #expect(nothing.kind == .credentials)
        #expect(
            nothing.message == "no AWS credentials found; looked at AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                + "(unset), \(home)/.aws/credentials (no such file), \(home)/.aws/config (no profile default), "
                + "instance metadata (disabled by AWS_EC2_METADATA_DISABLED)")

        let half = try #require(throws: AWSError.self) {
            try CredentialChain(environment: environment(["AWS_SECRET_ACCESS_KEY": Self.secret], home: home)).resolve()
        }
        #expect(half.description == "environment: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        #expect(!half.description.contains(Self.secret))

        let region = try #require(throws: AWSError.self) {
            try AWSConfiguration.resolveRegion(environment([:], home: home))
        }
        #expect(
            region.description == "no AWS region: looked at AWS_REGION, AWS_DEFAULT_REGION and the region of "
                + "profile default in \(home)/.aws/config")
        let malformed = try #require(throws: AWSError.self) {
            try AWSConfiguration.resolveRegion(environment(["AWS_REGION": "Virginia"], home: home))
        }
        #expect(malformed.description == "AWS_REGION is \"Virginia\", which is not a region name such as us-east-1")
    }

    @Test func instanceMetadataV2GivesTheRoleCredentials() throws {
        let server = try TestServer()
        defer { server.stop() }
        let home = try home()
        defer { TestSupport.removeDirectory(home) }
        let credentials = try CredentialChain(
            environment: AWSEnvironment(
                variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL + "/"], homeDirectory: home)
        ).resolve()
        #expect(credentials.accessKeyId == "ASIAIMDSEXAMPLE00001")
        #expect(credentials.secretAccessKey == "imds/secret/EXAMPLEKEY")
        #expect(credentials.sessionToken == "imds-session-token")
        #expect(credentials.source == "instance metadata (role cb-test-role)")
        #expect(!credentials.description.contains("imds/secret"))

        let unreachable = try #require(throws: AWSError.self) {
            try CredentialChain(
                environment: AWSEnvironment(
                    variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1"], homeDirectory: home)
            ).resolve()
        }
        #expect(unreachable.kind == .credentials)
        #expect(unreachable.message.contains("instance metadata at http://127.0.0.1:1 (token request: connect: "))
    }

    @Test func endpointsFollowTheVariables() throws {
        let home = try home(credentials: "[default]\naws_access_key_id = AKIA1\naws_secret_access_key = s\n")
        defer { TestSupport.removeDirectory(home) }
        let plain = try AWSConfiguration.resolve(environment: environment(["AWS_REGION": "eu-west-3"], home: home))
        #expect(plain.endpoint(for: .ec2) == "https://ec2.eu-west-3.amazonaws.com")
        #expect(plain.endpoint(for: .elbv2) == "https://elasticloadbalancing.eu-west-3.amazonaws.com")
        #expect(plain.endpoint(for: .cloudWatch) == "https://monitoring.eu-west-3.amazonaws.com")
        #expect(plain.endpoint(for: .iam) == "https://iam.amazonaws.com")
        #expect(plain.signingRegion(for: .iam) == "us-east-1")
        #expect(plain.signingRegion(for: .ssm) == "eu-west-3")
        let overridden = try AWSConfiguration.resolve(
            environment: environment(
                [
                    "AWS_REGION": "eu-west-3", "AWS_ENDPOINT_URL": "http://127.0.0.1:5000/",
                    "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2": "http://127.0.0.1:6000",
                ], home: home))
        #expect(overridden.endpoint(for: .ec2) == "http://127.0.0.1:5000")
        #expect(overridden.endpoint(for: .elbv2) == "http://127.0.0.1:6000")
        #expect(overridden.endpoint(for: .sts) == "http://127.0.0.1:5000")
    }
}
