package initialize

import (
	"fmt"
	"time"

	grpc_retry "github.com/grpc-ecosystem/go-grpc-middleware/retry"
	_ "github.com/mbobakov/grpc-consul-resolver" // 注册 consul:// 解析器
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"

	"mxshop_srvs/order_srv/global"
	"mxshop_srvs/order_srv/proto"
)

// InitSrvConn 建立到商品服务和库存服务的长连接。
//
// 地址不是某台机器，而是 consul://：resolver 从 Consul 拉取带 srv 标签、通过健康检查的实例列表，
// 缓存在本地并用 wait=14s 的阻塞查询持续更新；负载均衡在客户端按 round_robin 轮询。
func InitSrvConn() error {
	consul := global.ServerConfig.ConsulInfo

	// 重试只针对"请求可能根本没执行"的错误码；库存不足（ResourceExhausted）重试没有意义，
	// 而 grpc_retry 默认会重试它，所以必须显式指定。每次尝试单独 500ms 超时，
	// 超时后重试的 Sell 可能是第二次执行，库存服务靠 OrderSn 唯一索引保证只扣一次。
	// WithMax 数的是尝试次数，不是重试次数：3 = 第一次调用 + 最多 2 次重试。
	retryOpts := []grpc_retry.CallOption{
		grpc_retry.WithMax(3),
		grpc_retry.WithPerRetryTimeout(500 * time.Millisecond),
		grpc_retry.WithCodes(codes.Unavailable, codes.DeadlineExceeded),
		grpc_retry.WithBackoff(grpc_retry.BackoffLinearWithJitter(50*time.Millisecond, 0.2)),
	}
	dialOpts := []grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultServiceConfig(`{"loadBalancingPolicy": "round_robin"}`),
		grpc.WithUnaryInterceptor(grpc_retry.UnaryClientInterceptor(retryOpts...)),
	}

	goodsConn, err := grpc.Dial(
		consulTarget(consul.Host, consul.Port, global.ServerConfig.GoodsSrvInfo.Name),
		dialOpts...,
	)
	if err != nil {
		return fmt.Errorf("连接商品服务: %w", err)
	}
	global.GoodsSrvClient = proto.NewGoodsClient(goodsConn)

	inventoryConn, err := grpc.Dial(
		consulTarget(consul.Host, consul.Port, global.ServerConfig.InventorySrvInfo.Name),
		dialOpts...,
	)
	if err != nil {
		return fmt.Errorf("连接库存服务: %w", err)
	}
	global.InventorySrvClient = proto.NewInventoryClient(inventoryConn)
	return nil
}

// consulTarget 是下游服务的 consul:// 拨号地址。
//
// healthy=true 不能省：grpc-consul-resolver 的 healthy 参数默认是 false，不写的话 Consul 会把
// 健康检查失败的实例也返回，round_robin 照样把请求轮到一个已经挂掉、还没被注销的实例上
// （注销要等 1 分钟以上，见 main.go 的 DeregisterCriticalServiceAfter）。
func consulTarget(host string, port int, service string) string {
	return fmt.Sprintf("consul://%s:%d/%s?wait=14s&tag=srv&healthy=true", host, port, service)
}
