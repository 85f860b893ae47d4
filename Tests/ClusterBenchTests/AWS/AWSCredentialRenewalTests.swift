import Foundation
import Synchronization
import Testing

@testable import AWS

/// Instance-role credentials are renewed from the metadata service once fewer than five minutes are left: the
/// requests themselves are signed with the new key (the test server answers with the key id it saw).
@Suite struct AWSCredentialRenewalTests {
    @Test func requestsAreSignedWithRenewedKeysBeforeTheyExpire() throws {
        let server = try TestServer()
        defer { server.stop() }
        let home = TestSupport.makeTemporaryDirectory("aws-renewal")
        defer { TestSupport.removeDirectory(home) }
        let environment = AWSEnvironment(
            variables: [
                "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL + "/rotating", "AWS_REGION": "us-east-1",
                "AWS_ENDPOINT_URL": server.baseURL + "/aws/whoami",
                "AWS_SHARED_CREDENTIALS_FILE": home + "/none", "AWS_CONFIG_FILE": home + "/none",
            ], homeDirectory: home)
        let configuration = try AWSConfiguration.resolve(environment: environment)
        #expect(configuration.credentials.accessKeyId == "ASIAROTATING000001")
        let expiration = try #require(configuration.credentials.expiration)
        #expect(abs(expiration.timeIntervalSinceNow - 120) < 10)

        let skew = Mutex<TimeInterval>(0)
        let client = AWSClient(configuration: configuration, now: { Date().addingTimeInterval(skew.withLock { $0 }) })
        func signedWith() throws -> String {
            try client.query(.ec2, "WhoAmI", QueryParameters(style: .ec2)).string("Key") ?? ""
        }
        // 120 s left, under the 300 s margin: renewed before the first request, then not again within 30 s.
        #expect(try signedWith() == "ASIAROTATING000002")
        #expect(try signedWith() == "ASIAROTATING000002")
        // 31 s later the key (still valid) is due again.
        skew.withLock { $0 = 31 }
        #expect(try signedWith() == "ASIAROTATING000003")
        // Past its expiration every request renews first.
        skew.withLock { $0 = 200 }
        #expect(try signedWith() == "ASIAROTATING000004")
        #expect(try signedWith() == "ASIAROTATING000005")
        // Every secret held is scrubbed from errors.
        #expect(client.credentialCache.secrets.filter { $0.hasPrefix("rotating/secret/") }.count == 5)
    }

    @Test func longTermAndFarFromExpiryCredentialsAreKept() throws {
        let server = try TestServer()
        defer { server.stop() }
        let home = TestSupport.makeTemporaryDirectory("aws-renewal")
        defer { TestSupport.removeDirectory(home) }
        let metadata = InstanceMetadata(
            environment: AWSEnvironment(
                variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL + "/rotating"], homeDirectory: home))
        let far = AWSCredentials(
            accessKeyId: "ASIAFAR", secretAccessKey: "s", expiration: Date().addingTimeInterval(3600), renewal: metadata)
        let cache = CredentialCache(far)
        #expect(cache.credentials(now: Date()).accessKeyId == "ASIAFAR")
        #expect(cache.credentials(now: Date().addingTimeInterval(3000)).accessKeyId == "ASIAFAR")
        // Within five minutes of expiry it is renewed.
        #expect(cache.credentials(now: Date().addingTimeInterval(3400)).accessKeyId.hasPrefix("ASIAROTATING"))
        let longTerm = CredentialCache(AWSCredentials(accessKeyId: "AKIALONG", secretAccessKey: "s"))
        #expect(longTerm.credentials(now: Date().addingTimeInterval(1e9)).accessKeyId == "AKIALONG")
        // A renewal that fails keeps the old credentials.
        let broken = InstanceMetadata(
            environment: AWSEnvironment(
                variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1"], homeDirectory: home))
        let stale = CredentialCache(
            AWSCredentials(accessKeyId: "ASIASTALE", secretAccessKey: "s", expiration: Date(), renewal: broken))
        #expect(stale.credentials(now: Date()).accessKeyId == "ASIASTALE")
    }
}
